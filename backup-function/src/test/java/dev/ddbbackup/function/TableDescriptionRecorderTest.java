package dev.ddbbackup.function;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.testing.CapturedLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** {@code _table.json}: written by the handler from DynamoDB Local's answers into S3Mock. */
class TableDescriptionRecorderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CapturedLog captured = new CapturedLog();
    private final MutableClock clock = new MutableClock();
    private final DescribeTableGate gate = new DescribeTableGate();
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private S3Client s3;
    private String bucket;
    private String table;

    /** Counts DescribeTable calls and, while {@code deny} is set, answers them with AccessDenied. */
    static final class DescribeTableGate implements ExecutionInterceptor {
        volatile boolean deny;
        final AtomicInteger describeTableCalls = new AtomicInteger();
        final CountDownLatch describeStarted = new CountDownLatch(1);

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof DescribeTableRequest) {
                describeTableCalls.incrementAndGet();
                describeStarted.countDown();
                if (deny) {
                    throw DynamoDbException.builder().statusCode(400).message("Injected: not authorized")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                                    .errorMessage("Injected: not authorized to perform dynamodb:DescribeTable").build())
                            .build();
                }
            }
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void setUp() {
        s3 = LocalS3.client(LocalS3.shared());
        bucket = "tables-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(s3, bucket);
        table = "Described" + UUID.randomUUID().toString().substring(0, 8);
        DynamoDbClient ddb = LocalDynamo.client();
        ddb.createTable(b -> b.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("range").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("created").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH), k -> k.attributeName("range").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName("byStatus")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .localSecondaryIndexes(l -> l.indexName("byCreated")
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH), k -> k.attributeName("created").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("total"))));
        ddb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
    }

    /** A new handler is a new Lambda container. */
    private BackupHandler container(boolean plainTextKeys) {
        Supplier<DynamoDbClient> dynamoDb = () -> {
            clientsBuilt.incrementAndGet();
            return LocalDynamo.client(gate);
        };
        return BackupHandler.builder(BackupConfig.builder().bucket(bucket).prefix("bk").plainTextKeys(plainTextKeys).build(),
                s3, dynamoDb).log(captured.log()).metrics(captured.metrics()).clock(clock).build();
    }

    private int batch(BackupHandler handler, Events events, int n) {
        var key = item("id", s("item-" + n), "range", n("1"));
        var response = handler.handleRequest(Events.event(events.insert(key, item("id", s("item-" + n), "range", n("1")))), null);
        return response.getBatchItemFailures().size();
    }

    private String key() {
        return "bk/" + table + "/_table.json";
    }

    private List<LocalS3.Version> versions() {
        return LocalS3.versions(s3, bucket, key());
    }

    private byte[] expectedBytes() {
        DynamoDbClient ddb = LocalDynamo.client();
        return TableDescriptionJson.write(ddb.describeTable(b -> b.tableName(table)).table(),
                ddb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription());
    }

    @Test
    void writtenOnceOnTheFirstBatchNotAtInit() throws Exception {
        BackupHandler handler = container(false);
        assertThat(clientsBuilt.get()).as("no DynamoDB client at init").isZero();
        assertThat(versions()).isEmpty();
        Events events = new Events(table);
        for (int i = 0; i < 3; i++) {
            assertThat(batch(handler, events, i)).isZero();
        }
        assertThat(versions()).hasSize(1);
        assertThat(gate.describeTableCalls.get()).isEqualTo(1);
        assertThat(clientsBuilt.get()).as("one client per container").isEqualTo(1);
        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key())).asByteArray();
        assertThat(stored).isEqualTo(expectedBytes());
        JsonNode json = MAPPER.readTree(stored);
        assertThat(json.path("TableName").asText()).isEqualTo(table);
        assertThat(json.path("GlobalSecondaryIndexes").path(0).path("IndexName").asText()).isEqualTo("byStatus");
        assertThat(json.path("LocalSecondaryIndexes").path(0).path("IndexName").asText()).isEqualTo("byCreated");
        assertThat(json.path("TimeToLive").path("AttributeName").asText()).isEqualTo("expiresAt");
        assertThat(TableDescriptionJson.read(stored).keySchema()).containsExactly("id", "range");
    }

    @Test
    void theDescriptionRunsBesideTheItemWritesAndIsDoneWhenTheBatchReturns() {
        // The item's PUT waits (up to 10 s) for DescribeTable to start: that only happens in time
        // when the description runs beside the items rather than after them.
        AtomicInteger itemPutsBeforeDescribe = new AtomicInteger();
        ExecutionInterceptor waitForDescribe = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && !put.key().endsWith("_table.json")) {
                    try {
                        if (!gate.describeStarted.await(10, TimeUnit.SECONDS)) {
                            itemPutsBeforeDescribe.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        BackupHandler handler = BackupHandler.builder(BackupConfig.builder().bucket(bucket).prefix("bk").build(),
                LocalS3.client(LocalS3.shared(), waitForDescribe), () -> LocalDynamo.client(gate))
                .log(captured.log()).metrics(captured.metrics()).clock(clock).build();

        assertThat(batch(handler, new Events(table), 1)).isZero();

        assertThat(itemPutsBeforeDescribe.get()).as("item PUTs that waited in vain for DescribeTable").isZero();
        assertThat(versions()).as("_table.json written before the batch returned").hasSize(1);
    }

    @Test
    void aNewVersionOnlyWhenTheDefinitionChanges() {
        Events events = new Events(table);
        batch(container(false), events, 1);
        batch(container(false), events, 2);
        assertThat(versions()).as("unchanged: no new version from a new container").hasSize(1);

        LocalDynamo.client().updateTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("customer").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byCustomer")
                        .keySchema(k -> k.attributeName("customer").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))));
        batch(container(false), events, 3);
        assertThat(versions()).hasSize(2);
        assertThat(LocalS3.latestBody(s3, bucket, key())).contains("byCustomer").contains("byStatus");
        assertThat(LocalS3.latestBody(s3, bucket, key()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(expectedBytes());
    }

    @Test
    void plainTextNamesAndTheDescriptionShareOneDescribeTable() {
        BackupHandler handler = container(true);
        Events events = new Events(table);
        batch(handler, events, 1);
        batch(handler, events, 2);
        assertThat(gate.describeTableCalls.get()).isEqualTo(1);
        assertThat(versions()).hasSize(1);
        assertThat(LocalS3.versions(s3, bucket, "bk/" + table + "/item-2|1")).hasSize(1);
    }

    @Test
    void aDeniedDescribeTableNeverBlocksTheStreamAndIsRetriedAtMostEveryFiveMinutes() {
        gate.deny = true;
        BackupHandler handler = container(false);
        Events events = new Events(table);

        assertThat(batch(handler, events, 1)).isZero();
        assertThat(versions()).isEmpty();
        assertThat(captured.at("WARN")).singleElement().satisfies(line -> {
            assertThat(line.path("message").asText()).contains("Table description not recorded");
            assertThat(line.path("table").asText()).isEqualTo(table);
            assertThat(line.path("reason").asText()).contains("not authorized");
        });
        assertThat(LocalS3.keysUnder(s3, bucket, "bk/" + table + "/")).anyMatch(k -> k.contains("/_changes/"));

        clock.advance(Duration.ofMinutes(4));
        assertThat(batch(handler, events, 2)).isZero();
        assertThat(gate.describeTableCalls.get()).as("no retry within 5 minutes").isEqualTo(1);

        gate.deny = false;
        clock.advance(Duration.ofMinutes(1));
        assertThat(batch(handler, events, 3)).isZero();
        assertThat(gate.describeTableCalls.get()).isEqualTo(2);
        assertThat(versions()).hasSize(1);

        clock.advance(Duration.ofHours(1));
        batch(handler, events, 4);
        assertThat(gate.describeTableCalls.get()).as("recorded: never again in this container").isEqualTo(2);
    }

    @Test
    void aDeletedTableIsAWarningToo() {
        LocalDynamo.client().deleteTable(b -> b.tableName(table));
        BackupHandler handler = container(false);
        assertThat(batch(handler, new Events(table), 1)).isZero();
        assertThat(captured.at("WARN")).singleElement()
                .satisfies(line -> assertThat(line.path("reason").asText()).contains("ResourceNotFound"));
    }
}
