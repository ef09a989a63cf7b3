package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.failures;
import static dev.ddbbackup.function.StreamBatches.interleaved;
import static dev.ddbbackup.function.StreamBatches.noDynamoDb;
import static dev.ddbbackup.function.StreamBatches.redelivery;
import static dev.ddbbackup.function.StreamBatches.run;
import static dev.ddbbackup.function.StreamBatches.sample;
import static dev.ddbbackup.function.StreamBatches.seq;
import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.function.StreamBatches.Unbackupable;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.FaultInjector;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The handler end to end against a real S3 implementation (which one is the subclass's choice:
 * the embedded S3Mock, or LocalStack when Docker is available), through the production client
 * factory. Faults come from {@link FaultInjector} inside the SDK client; the writer is never mocked.
 */
abstract class BackupHandlerScenarios extends HandlerFixture {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeEach
    void freshVersionedBucket() {
        openBucket("backup-", true);
    }

    private BackupHandler handler(BackupConfig.Builder config, Supplier<DynamoDbClient> dynamoDb) {
        return new BackupHandler(config.bucket(bucketName).prefix(PREFIX).build(), s3, dynamoDb, captured.log(),
                captured.metrics());
    }

    private BackupHandler handler(BackupConfig.Builder config) {
        return handler(config, LocalDynamo::client);
    }

    private BackupHandler handler() {
        return handler(BackupConfig.builder());
    }

    // ---- versions, metadata and change log -----------------------------------------------------

    @Test
    void sampleBatchBecomesVersionsAndDeleteMarkersInStreamOrder() {
        List<DynamodbStreamRecord> records = sample("mixed-batch.json");
        assertThat(failures(run(handler(), records))).isEmpty();
        bucket.assertExactHistory(records);
        String record1 = bucket.objectKey(records.get(0));
        assertThat(bucket.puts(record1)).hasSize(4);
        assertThat(bucket.deleteMarkers(record1)).isEqualTo(1);
    }

    @Test
    void changeLogHasOneObjectPerBatchAndOneLinePerWriteWithTheRealVersionIds() {
        List<DynamodbStreamRecord> records = sample("mixed-batch.json");
        run(handler(), records);
        List<String> logs = bucket.changeLogKeys("Orders");
        assertThat(logs).hasSize(1);
        Instant first = records.get(0).getDynamodb().getApproximateCreationDateTime().toInstant();
        assertThat(logs.get(0)).matches("bk/Orders/_changes/\\d{4}/\\d{2}/\\d{2}/\\d{2}/[^/]+\\.jsonl")
                .startsWith(bucket.layout().changeLogKey("Orders", first, seq(records.get(0)), "x").replaceAll("/[^/]+$", "/"))
                .contains("-" + seq(records.get(0)) + "-");

        List<ChangeLogEntry> lines = bucket.changeLog("Orders");
        assertThat(lines).extracting(ChangeLogEntry::eventId)
                .containsExactlyElementsOf(records.stream().map(DynamodbStreamRecord::getEventID).toList());
        for (int i = 0; i < records.size(); i++) {
            DynamodbStreamRecord r = records.get(i);
            ChangeLogEntry line = lines.get(i);
            assertThat(line.table()).isEqualTo("Orders");
            assertThat(line.eventName()).isEqualTo(r.getEventName());
            assertThat(line.sequenceNumber()).isEqualTo(seq(r));
            assertThat(line.keys()).isEqualTo(DynamoJson.eventKey(r.getDynamodb().getKeys()));
            assertThat(line.objectKey()).isEqualTo(bucket.objectKey(r));
            assertThat(line.action()).isEqualTo("REMOVE".equals(r.getEventName())
                    ? ChangeLogEntry.Action.DELETE : ChangeLogEntry.Action.PUT);
            assertThat(line.ttlDelete()).isFalse();
            assertThat(line.tenant()).isNull();
            if (line.action() == ChangeLogEntry.Action.PUT) {
                // The version written for this record is the one whose metadata names its sequence number.
                assertThat(bucket.puts(line.objectKey())).filteredOn(p -> seq(r).equals(p.metadata().get("sequence-number")))
                        .singleElement().extracting(p -> p.versionId()).isEqualTo(line.versionId());
            }
        }
    }

    @Test
    void ttlDeleteIsADeleteMarkerFlaggedInTheChangeLog() {
        DynamodbStreamRecord expiry = sample("ttl-delete.json").get(0);
        DynamodbStreamRecord insert = new Events("Orders").insert(expiry.getDynamodb().getKeys(), expiry.getDynamodb().getOldImage());
        assertThat(failures(run(handler(), List.of(insert, expiry)))).isEmpty();
        bucket.assertExactHistory(List.of(insert, expiry));
        assertThat(bucket.changeLog("Orders")).extracting(e -> e.action() + " " + e.ttlDelete())
                .containsExactly("PUT false", "DELETE true");
    }

    @Test
    void tenantMovePutsUnderTheNewTenantAndDeletesUnderTheOld() {
        DynamodbStreamRecord move = sample("tenant-move.json").get(0);
        DynamodbStreamRecord insert = new Events("Orders").insert(move.getDynamodb().getKeys(), move.getDynamodb().getOldImage());
        BackupHandler handler = handler(BackupConfig.builder().multiTenancyColumn("tenant"));
        assertThat(failures(run(handler, List.of(insert)))).isEmpty();
        assertThat(failures(run(handler, List.of(move)))).isEmpty();
        List<DynamodbStreamRecord> records = List.of(move);
        String md5 = DynamoJson.eventKey(move.getDynamodb().getKeys()).md5Hex();
        String newKey = "bk/Orders/globex/" + md5;
        String oldKey = "bk/Orders/acme/" + md5;
        assertThat(bucket.puts(newKey)).singleElement().extracting(p -> p.body())
                .isEqualTo(DynamoJson.eventItemToJson(records.get(0).getDynamodb().getNewImage()));
        assertThat(bucket.puts(oldKey)).singleElement().extracting(p -> p.metadata().get("event-id")).isEqualTo(insert.getEventID());
        assertThat(bucket.latestIsDeleteMarker(oldKey)).isTrue();
        assertThat(bucket.changeLog("Orders")).extracting(e -> e.action() + " " + e.tenant() + " " + e.objectKey())
                .containsExactly("PUT acme " + oldKey, "PUT globex " + newKey, "DELETE acme " + oldKey);
    }

    // ---- plain-text names ----------------------------------------------------------------------

    @Test
    void plainTextNamesOfAHashOnlyTableNeedNoDescribeTable() {
        Events events = new Events("Users");
        List<DynamodbStreamRecord> records = List.of(
                events.insert(item("user", s("ann/1")), item("user", s("ann/1"), "v", n("1"))),
                events.insert(item("user", s("_bob")), item("user", s("_bob"), "v", n("1"))));
        BackupHandler handler = handler(BackupConfig.builder().plainTextKeys(true), noDynamoDb());
        assertThat(failures(run(handler, records))).isEmpty();
        assertThat(LocalS3.keysUnder(s3, bucketName, "bk/Users/")).filteredOn(k -> !k.contains("/_changes/"))
                .containsExactly("bk/Users/%5Fbob", "bk/Users/ann%2F1");
    }

    @Test
    void plainTextNamesOfAHashAndRangeTableFollowDescribeTable() {
        String table = "Plain" + UUID.randomUUID().toString().substring(0, 8);
        // The range key sorts first by name: only the key schema gives HASH|RANGE.
        LocalDynamo.createTable(table, "pk", "a_sort");
        Events events = new Events(table);
        var key = item("pk", s("order|7"), "a_sort", n("2"));
        List<DynamodbStreamRecord> records = List.of(
                events.insert(key, item("pk", s("order|7"), "a_sort", n("2"), "v", n("1"))),
                events.modify(key, null, item("pk", s("order|7"), "a_sort", n("2"), "v", n("2"))));
        assertThat(failures(run(handler(BackupConfig.builder().plainTextKeys(true)), records))).isEmpty();
        assertThat(bucket.puts("bk/" + table + "/order%7C7|2")).extracting(p -> p.body()).containsExactly(
                DynamoJson.eventItemToJson(records.get(0).getDynamodb().getNewImage()),
                DynamoJson.eventItemToJson(records.get(1).getDynamodb().getNewImage()));
    }

    @Test
    void aPlainTextNameOverTheS3LimitFallsBackToTheMd5NameWithAWarning() {
        Events events = new Events("Users");
        String longValue = "é".repeat(600);
        var key = item("user", s(longValue));
        DynamodbStreamRecord record = events.insert(key, item("user", s(longValue)));
        assertThat(failures(run(handler(BackupConfig.builder().plainTextKeys(true), noDynamoDb()), List.of(record)))).isEmpty();
        String md5Key = "bk/Users/" + DynamoJson.eventKey(key).md5Hex();
        assertThat(bucket.puts(md5Key)).hasSize(1);
        assertThat(captured.at("WARN")).anySatisfy(line -> {
            assertThat(line.path("message").asText()).contains("1,024");
            assertThat(line.path("eventID").asText()).isEqualTo(record.getEventID());
            assertThat(line.path("objectKey").asText()).isEqualTo(md5Key);
        });
    }

    // ---- order under concurrency -------------------------------------------------------------

    @Test
    void eachKeyKeepsStreamOrderWithManyKeysWrittenConcurrently() {
        Events events = new Events("Orders");
        List<DynamodbStreamRecord> records = interleaved(events, 40, 4);
        records.add(events.remove(item("id", s("item-3"), "range", n("1")), null));
        BackupHandler handler = handler(BackupConfig.builder().writeConcurrency(128));
        assertThat(failures(run(handler, records))).isEmpty();
        bucket.assertExactHistory(records);
        assertThat(bucket.changeLog("Orders")).hasSize(records.size());
    }

    // ---- quarantine ----------------------------------------------------------------------------

    @Test
    void recordsThatCannotBeBackedUpAreQuarantinedAndTheBatchGoesOn() throws Exception {
        Unbackupable batch = Unbackupable.of(new Events("Orders"));
        List<DynamodbStreamRecord> records = batch.records();

        StreamsEventResponse response = run(handler(BackupConfig.builder().multiTenancyColumn("tenant")), records);

        assertThat(failures(response)).isEmpty();
        assertThat(bucket.puts("bk/Orders/acme/" + DynamoJson.eventKey(batch.key()).md5Hex()))
                .extracting(p -> p.metadata().get("event-id")).containsExactly(batch.good1().getEventID(), batch.good2().getEventID());
        Map<DynamodbStreamRecord, String> expected = Map.of(
                batch.keysOnly(), "NewImage", batch.unknownEvent(), "UPSERT", batch.malformed(), "$.broken",
                batch.removeWithoutOld(), "REMOVE without OldImage", batch.noArn(), "eventSourceARN");
        for (Map.Entry<DynamodbStreamRecord, String> e : expected.entrySet()) {
            DynamodbStreamRecord r = e.getKey();
            String table = r == batch.noArn() ? "_unknown_table" : "Orders";
            JsonNode file = MAPPER.readTree(LocalS3.latestBody(s3, bucketName, bucket.layout().quarantineKey(table, r.getEventID())));
            assertThat(file.path("eventID").asText()).isEqualTo(r.getEventID());
            assertThat(file.path("reason").asText()).contains(e.getValue());
            assertThat(file.path("record").path("eventName").asText()).isEqualTo(r.getEventName());
            assertThat(file.path("record").path("dynamodb").path("SequenceNumber").asText()).isEqualTo(seq(r));
            assertThat(file.path("record").path("dynamodb").path("Keys").size()).isEqualTo(2);
            assertThat(captured.at("ERROR")).as("error log of %s", r.getEventID())
                    .anySatisfy(line -> assertThat(line.path("eventID").asText()).isEqualTo(r.getEventID()));
        }
        assertThat(captured.lines()).filteredOn(l -> l.has("_aws")).singleElement()
                .satisfies(metrics -> assertThat(metrics.path("Quarantined").asInt()).isEqualTo(5));
    }

    // ---- failures and re-delivery --------------------------------------------------------------

    @Test
    void aKeyThatCannotBeWrittenIsReportedAtItsFirstRecordAndNothingLaterOfItIsWritten() {
        Events events = new Events("Orders");
        List<DynamodbStreamRecord> records = interleaved(events, 10, 3);
        DynamodbStreamRecord firstOfBroken = records.get(4);
        String brokenKey = bucket.objectKey(firstOfBroken);
        faults.failAlways(r -> r instanceof PutObjectRequest && ((PutObjectRequest) r).key().equals(brokenKey), 403);
        BackupHandler handler = handler();

        StreamsEventResponse response = run(handler, records);

        assertThat(failures(response)).containsExactly(seq(firstOfBroken));
        assertThat(faults.injected()).as("a 403 is not retried").isEqualTo(1);
        assertThat(LocalS3.versions(s3, bucketName, brokenKey)).isEmpty();
        assertThat(bucket.changeLog("Orders")).hasSize(records.size() - 3)
                .noneMatch(e -> e.objectKey().equals(brokenKey));
        bucket.assertExactHistory(records.stream().filter(r -> !bucket.objectKey(r).equals(brokenKey)).toList());

        faults.clear();
        List<DynamodbStreamRecord> again = redelivery(records, response);
        assertThat(again.get(0)).isSameAs(firstOfBroken);
        assertThat(failures(run(handler, again))).isEmpty();
        bucket.assertCompleteAndOrdered(records);
        bucket.assertExactHistory(records.stream().filter(r -> bucket.objectKey(r).equals(brokenKey)).toList());
    }

    @Test
    void retryableErrorsAreRetriedInsideTheClientAndNothingIsReported() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 20, 3);
        faults.failRandomly(r -> r instanceof PutObjectRequest || r instanceof DeleteObjectRequest, 0.2);
        StreamsEventResponse response = run(handler(), records);
        assertThat(faults.injected()).isGreaterThan(5);
        assertThat(failures(response)).isEmpty();
        faults.clear();
        bucket.assertExactHistory(records);
        assertThat(bucket.changeLog("Orders")).hasSize(records.size());
    }

    @Test
    void aChangeLogThatCannotBeWrittenReportsTheLowestWrittenRecord() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 5, 2);
        BackupHandler handler = handler();

        List<DynamodbStreamRecord> redelivered = runRefusingPutsOf("/_changes/", handler, records);

        assertThat(bucket.changeLogKeys("Orders")).isEmpty();
        assertThat(failures(run(handler, redelivered))).isEmpty();
        bucket.assertCompleteAndOrdered(records);
        assertThat(bucket.changeLogKeys("Orders")).hasSize(1);
        assertThat(bucket.changeLog("Orders")).hasSize(records.size());
    }
}
