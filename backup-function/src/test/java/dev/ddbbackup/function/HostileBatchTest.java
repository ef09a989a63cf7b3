package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.noDynamoDb;
import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.testing.EventFiles;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Batches no well-behaved stream sends, as the Lambda Java runtime hands them over: a null record,
 * numbers that are not numbers, records of two tables. One bad record never costs the others.
 */
class HostileBatchTest extends HandlerFixture {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BackupHandler handler;

    @Override
    protected ClientSettings s3Settings() {
        return LocalS3.settings(LocalS3.shared());
    }

    @BeforeEach
    void freshBucket() {
        openBucket("hostile-", true);
        handler = new BackupHandler(BackupConfig.builder().bucket(bucketName).prefix(PREFIX).build(), s3,
                noDynamoDb(), captured.log(), captured.metrics());
    }

    /** An INSERT of item {@code id} of {@code table}, the first change of a fresh stream. */
    private static DynamodbStreamRecord insert(String table, String id) {
        return new Events(table).insert(item("id", s(id), "range", n("1")), item("id", s(id), "range", n("1")));
    }

    /** What the runtime makes of {@code {"Records":[X, <good record>]}}. */
    private static DynamodbEvent withFirstRecord(String first) {
        String goodJson = EventFiles.json("insert.json");
        String record = goodJson.substring(goodJson.indexOf('[') + 1, goodJson.lastIndexOf(']'));
        DynamodbEvent event = EventFiles.deserialise("{\"Records\":[" + first + "," + record + "]}");
        assertThat(event.getRecords()).hasSize(2);
        assertThat(event.getRecords().get(0)).as("the runtime delivers %s as null", first).isNull();
        return event;
    }

    @Test
    void aNullRecordIsQuarantinedByItsIndexAndTheRestOfTheBatchIsWritten() throws Exception {
        for (String nothing : List.of("null", "[]")) {
            DynamodbEvent event = withFirstRecord(nothing);
            DynamodbStreamRecord good = event.getRecords().get(1);

            StreamsEventResponse response = handler.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(bucket.puts(bucket.objectKey(good))).extracting(p -> p.metadata().get("event-id"))
                    .contains(good.getEventID());
            List<String> quarantined = LocalS3.keysUnder(s3, bucketName, "bk/Orders/_quarantine/");
            assertThat(quarantined).isNotEmpty().allMatch(k -> k.contains("-record-0"));
            JsonNode file = MAPPER.readTree(LocalS3.latestBody(s3, bucketName, quarantined.get(0)));
            assertThat(file.path("reason").asText()).contains("record 0").contains("null");
            assertThat(file.path("record").isNull()).isTrue();
            assertThat(captured.at("ERROR")).anySatisfy(line -> assertThat(line.path("index").asInt()).isZero());
        }
    }

    @Test
    void aNumberThatIsNotANumberIsQuarantinedNotStored() throws Exception {
        Events events = new Events("Orders");
        DynamodbStreamRecord badImage = events.insert(item("id", s("a"), "range", n("1")),
                item("id", s("a"), "range", n("1"), "price", n("abc")));
        DynamodbStreamRecord badSet = events.insert(item("id", s("b"), "range", n("1")),
                item("id", s("b"), "range", n("1"), "sizes", new com.amazonaws.services.lambda.runtime.events.models
                        .dynamodb.AttributeValue().withNS(List.of("1", "1e999"))));
        DynamodbStreamRecord badKey = events.insert(item("id", s("c"), "range", n("x1")),
                item("id", s("c"), "range", n("x1")));
        DynamodbStreamRecord good = events.insert(item("id", s("d"), "range", n("1")), item("id", s("d"), "range", n("1")));

        StreamsEventResponse response = handler.handleRequest(Events.event(badImage, badSet, badKey, good), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(bucket.puts(bucket.objectKey(good))).hasSize(1);
        assertThat(bucket.puts(bucket.objectKey(badImage))).isEmpty();
        assertThat(bucket.puts(bucket.objectKey(badSet))).isEmpty();
        assertThat(quarantineReason(badImage)).contains("$.price").contains("not a number: 'abc'");
        assertThat(quarantineReason(badSet)).contains("$.sizes").contains("out of DynamoDB's range");
        assertThat(quarantineReason(badKey)).contains("Keys.range");
        assertThat(bucket.changeLog("Orders")).extracting(ChangeLogEntry::eventId).containsExactly(good.getEventID());
    }

    /**
     * A B value that is not base64 fails the runtime's deserialiser for the whole event, before the
     * handler runs (DynamoDB never sends one): nothing the function could quarantine.
     */
    @Test
    void aBinaryThatIsNotBase64IsRejectedByTheRuntimeBeforeTheHandler() {
        String json = EventFiles.json("insert.json").replace("\"status\": {\n            \"S\": \"NEW\"\n          }",
                "\"status\": {\"B\": \"!!not base64\"}");
        assertThat(json).contains("!!not base64");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventFiles.deserialise(json)).hasMessageContaining("base64");
    }

    @Test
    void eachTableOfABatchGetsItsOwnChangeLog() {
        DynamodbStreamRecord order = insert("Orders", "o");
        DynamodbStreamRecord user = insert("Users", "u");
        user.getDynamodb().setSequenceNumber("100000000000000000099");

        assertThat(handler.handleRequest(Events.event(order, user), null).getBatchItemFailures()).isEmpty();

        assertThat(bucket.changeLogKeys("Orders")).singleElement().asString().contains("-" + order.getDynamodb().getSequenceNumber() + "-");
        assertThat(bucket.changeLogKeys("Users")).singleElement().asString().contains("-100000000000000000099-");
        assertThat(bucket.changeLog("Orders")).extracting(e -> e.table() + " " + e.eventId())
                .containsExactly("Orders " + order.getEventID());
        assertThat(bucket.changeLog("Users")).extracting(e -> e.table() + " " + e.eventId())
                .containsExactly("Users " + user.getEventID());
    }

    @Test
    void aTablesChangeLogThatFailsReportsThatTablesFirstWrittenRecord() {
        DynamodbStreamRecord order = insert("Orders", "o");
        DynamodbStreamRecord user = insert("Users", "u");
        user.getDynamodb().setSequenceNumber("100000000000000000099");
        faults.failAlways(r -> r instanceof PutObjectRequest && ((PutObjectRequest) r).key().startsWith("bk/Users/_changes/"), 403);

        StreamsEventResponse response = handler.handleRequest(Events.event(order, user), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("100000000000000000099");
        assertThat(bucket.changeLog("Orders")).extracting(ChangeLogEntry::eventId).containsExactly(order.getEventID());
        assertThat(bucket.changeLogKeys("Users")).isEmpty();
    }

    private String quarantineReason(DynamodbStreamRecord r) throws Exception {
        return MAPPER.readTree(LocalS3.latestBody(s3, bucketName, bucket.layout().quarantineKey("Orders", r.getEventID())))
                .path("reason").asText();
    }

}
