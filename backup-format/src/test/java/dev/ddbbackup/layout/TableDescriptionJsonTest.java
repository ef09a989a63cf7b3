package dev.ddbbackup.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** `_table.json` keeps what defines a table and gives back a CreateTable request for it. */
class TableDescriptionJsonTest {

    private static final TableDescription TABLE = TableDescription.builder()
            .tableName("Orders")
            .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH), k -> k.attributeName("line").keyType(KeyType.RANGE))
            .attributeDefinitions(a -> a.attributeName("line").attributeType("N"), a -> a.attributeName("id").attributeType("S"),
                    a -> a.attributeName("tenant").attributeType("S"), a -> a.attributeName("created").attributeType("N"))
            .billingModeSummary(b -> b.billingMode(BillingMode.PROVISIONED))
            .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(7L))
            .globalSecondaryIndexes(g -> g.indexName("byTenant")
                    .keySchema(k -> k.attributeName("tenant").keyType(KeyType.HASH))
                    .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("status"))
                    .provisionedThroughput(t -> t.readCapacityUnits(3L).writeCapacityUnits(4L)))
            .localSecondaryIndexes(l -> l.indexName("byCreated")
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH), k -> k.attributeName("created").keyType(KeyType.RANGE))
                    .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
            .itemCount(123L)
            .tableSizeBytes(4567L)
            .build();

    private static final TimeToLiveDescription TTL = TimeToLiveDescription.builder()
            .attributeName("expiresAt").timeToLiveStatus(TimeToLiveStatus.ENABLED).build();

    @Test
    void roundTripsKeysIndexesBillingAndTtl() {
        TableDescriptionJson.Stored stored = TableDescriptionJson.read(TableDescriptionJson.write(TABLE, TTL));
        CreateTableRequest create = stored.createTable("Orders-restored");

        assertThat(create.tableName()).isEqualTo("Orders-restored");
        assertThat(stored.keySchema()).containsExactly("id", "line");
        assertThat(stored.ttlAttribute()).isEqualTo("expiresAt");
        assertThat(create.billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(create.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        assertThat(create.attributeDefinitions()).hasSize(4);
        assertThat(create.globalSecondaryIndexes()).singleElement().satisfies(g -> {
            assertThat(g.indexName()).isEqualTo("byTenant");
            assertThat(g.projection().nonKeyAttributes()).containsExactly("status");
            assertThat(g.provisionedThroughput().readCapacityUnits()).isEqualTo(3L);
        });
        assertThat(create.localSecondaryIndexes()).singleElement().satisfies(l -> {
            assertThat(l.indexName()).isEqualTo("byCreated");
            assertThat(l.keySchema()).hasSize(2);
            assertThat(l.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        });
    }

    @Test
    void countsAndSizesDoNotChangeTheBytes() {
        TableDescription grown = TABLE.toBuilder().itemCount(999_999L).tableSizeBytes(1L << 30).build();
        assertThat(TableDescriptionJson.write(grown, TTL)).isEqualTo(TableDescriptionJson.write(TABLE, TTL));
    }

    @Test
    void onDemandTablesKeepNoThroughputAndDisabledTtlIsLeftOut() {
        TableDescription onDemand = TABLE.toBuilder().billingModeSummary(b -> b.billingMode(BillingMode.PAY_PER_REQUEST)).build();
        TableDescriptionJson.Stored stored = TableDescriptionJson.read(TableDescriptionJson.write(onDemand,
                TTL.toBuilder().timeToLiveStatus(TimeToLiveStatus.DISABLED).build()));
        assertThat(stored.createTable().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(stored.createTable().provisionedThroughput()).isNull();
        assertThat(stored.createTable().globalSecondaryIndexes().get(0).provisionedThroughput()).isNull();
        assertThat(stored.ttlAttribute()).isNull();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"garbage", "[1,2]", "{}", "{\"KeySchema\":[]}",
        "{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}",
        "{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"RANGE\"}],"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}]}"})
    void somethingElseIsNotATableDescription(String json) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TableDescriptionJson.read(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not a table description");
    }
}
