package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.SHORT;
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
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.function.StreamBatches.Unbackupable;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LambdaContext;
import dev.ddbbackup.testing.LocalS3;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The handler end to end in log mode ({@link StorageMode#LOG}) against a real S3 implementation
 * (the subclass's choice), on a bucket without versioning: what the segments hold, tenant moves,
 * quarantine, TTL deletes, failures and redelivery, and the deadline.
 */
abstract class LogModeHandlerScenarios extends HandlerFixture {

    @BeforeEach
    void freshUnversionedBucket() {
        openBucket("backup-log-", false);
    }

    private BackupHandler.Builder handler(BackupConfig.Builder config) {
        return BackupHandler.builder(config.bucket(bucketName).prefix(PREFIX).storageMode(StorageMode.LOG).build(), s3,
                noDynamoDb()).log(captured.log()).metrics(captured.metrics());
    }

    private BackupHandler handler() {
        return handler(BackupConfig.builder()).build();
    }

    private BackupLayout layout() {
        return bucket.layout();
    }

    private List<String> segmentKeys(String table) {
        return LocalS3.keysUnder(s3, bucketName, layout().logRoot(table));
    }

    private List<ChangeLogEntry> segment(String key) {
        return LogSegment.decode(s3.getObjectAsBytes(b -> b.bucket(bucketName).key(key)).asByteArray());
    }

    /** Every line of every segment of the table, in stream order, redeliveries included. */
    private List<ChangeLogEntry> lines(String table) {
        List<ChangeLogEntry> out = new ArrayList<>();
        segmentKeys(table).forEach(key -> out.addAll(segment(key)));
        out.sort(Comparator.comparing(ChangeLogEntry::sequence));
        return out;
    }

    /** {@link #lines} with one line per event id and action, as a reader keeps them. */
    private List<ChangeLogEntry> deduplicated(String table) {
        Map<String, ChangeLogEntry> unique = new LinkedHashMap<>();
        lines(table).forEach(e -> unique.putIfAbsent(e.eventId() + " " + e.action() + " " + e.objectKey(), e));
        return List.copyOf(unique.values());
    }

    private static List<String> eventIds(List<DynamodbStreamRecord> records) {
        return records.stream().map(DynamodbStreamRecord::getEventID).toList();
    }

    // ---- what a segment holds ------------------------------------------------------------------

    @Test
    void aBatchIsOneSegmentWhoseLinesAreItsRecordsWithTheirImages() {
        List<DynamodbStreamRecord> records = sample("mixed-batch.json");
        StreamsEventResponse response = handler().handleRequest(Events.event(records), LambdaContext.withRequestId("req-1"));

        assertThat(failures(response)).isEmpty();
        Instant first = records.get(0).getDynamodb().getApproximateCreationDateTime().toInstant();
        String segmentKey = layout().logSegmentKey("Orders", first, seq(records.get(0)), "req-1");
        assertThat(segmentKey).matches("bk/Orders/_log/\\d{4}/\\d{2}/\\d{2}/\\d{2}/[^/]+-req-1\\.jsonl\\.gz");
        // No object per item and no change log: the segment is all the batch wrote.
        assertThat(LocalS3.keysUnder(s3, bucketName, "bk/")).containsExactly(segmentKey);
        assertThat(s3.headObject(b -> b.bucket(bucketName).key(segmentKey)).contentType()).isEqualTo("application/gzip");

        List<ChangeLogEntry> lines = segment(segmentKey);
        assertThat(lines).extracting(ChangeLogEntry::eventId).containsExactlyElementsOf(eventIds(records));
        for (int i = 0; i < records.size(); i++) {
            DynamodbStreamRecord r = records.get(i);
            ChangeLogEntry line = lines.get(i);
            boolean remove = "REMOVE".equals(r.getEventName());
            assertThat(line.table()).isEqualTo("Orders");
            assertThat(line.eventName()).isEqualTo(r.getEventName());
            assertThat(line.sequenceNumber()).isEqualTo(seq(r));
            assertThat(line.approximateCreationTime()).isEqualTo(r.getDynamodb().getApproximateCreationDateTime().toInstant());
            assertThat(line.keys()).isEqualTo(DynamoJson.eventKey(r.getDynamodb().getKeys()));
            assertThat(line.objectKey()).isEqualTo(bucket.objectKey(r));
            assertThat(line.action()).isEqualTo(remove ? ChangeLogEntry.Action.DELETE : ChangeLogEntry.Action.PUT);
            assertThat(line.versionId()).isNull();
            assertThat(line.tenant()).isNull();
            assertThat(line.ttlDelete()).isFalse();
            assertThat(line.imageJson()).isEqualTo(remove ? null : DynamoJson.eventItemToJson(r.getDynamodb().getNewImage()));
        }
        // The bucket keeps no versions, and log mode needs none: no alarm.
        assertThat(captured.lines()).noneMatch(l -> l.has("BucketVersioningDisabled"));
        assertThat(captured.at("INFO")).anySatisfy(l -> assertThat(l.path("segmentParts").asInt()).isEqualTo(1));
    }

    @Test
    void aTtlDeleteIsADeleteLineFlaggedAsSuch() {
        DynamodbStreamRecord expiry = sample("ttl-delete.json").get(0);
        DynamodbStreamRecord insert = new Events("Orders").insert(expiry.getDynamodb().getKeys(), expiry.getDynamodb().getOldImage());
        assertThat(failures(run(handler(), List.of(insert, expiry)))).isEmpty();
        assertThat(lines("Orders")).extracting(e -> e.action() + " " + e.ttlDelete() + " " + (e.imageJson() != null))
                .containsExactly("PUT false true", "DELETE true false");
    }

    @Test
    void aTenantMoveIsAPutUnderTheNewTenantAndADeleteUnderTheOld() {
        DynamodbStreamRecord move = sample("tenant-move.json").get(0);
        DynamodbStreamRecord insert = new Events("Orders").insert(move.getDynamodb().getKeys(), move.getDynamodb().getOldImage());
        BackupHandler handler = handler(BackupConfig.builder().multiTenancyColumn("tenant")).build();
        assertThat(failures(run(handler, List.of(insert)))).isEmpty();
        assertThat(failures(run(handler, List.of(move)))).isEmpty();
        String md5 = DynamoJson.eventKey(move.getDynamodb().getKeys()).md5Hex();
        String newKey = "bk/Orders/globex/" + md5;
        String oldKey = "bk/Orders/acme/" + md5;
        assertThat(segmentKeys("Orders")).hasSize(2);
        List<ChangeLogEntry> lines = lines("Orders");
        assertThat(lines).extracting(e -> e.action() + " " + e.tenant() + " " + e.objectKey())
                .containsExactly("PUT acme " + oldKey, "PUT globex " + newKey, "DELETE acme " + oldKey);
        assertThat(lines.get(1).imageJson()).isEqualTo(DynamoJson.eventItemToJson(move.getDynamodb().getNewImage()));
        assertThat(lines.get(2).eventId()).isEqualTo(move.getEventID());
        assertThat(LocalS3.keysUnder(s3, bucketName, "bk/Orders/")).allMatch(k -> k.startsWith("bk/Orders/_log/"));
    }

    @Test
    void manyKeysKeepStreamOrderInTheSegment() {
        Events events = new Events("Orders");
        List<DynamodbStreamRecord> records = interleaved(events, 40, 4);
        records.add(events.remove(item("id", s("item-3"), "range", n("1")), null));
        assertThat(failures(run(handler(BackupConfig.builder().writeConcurrency(128)).build(), records))).isEmpty();
        assertThat(segmentKeys("Orders")).hasSize(1);
        assertThat(segment(segmentKeys("Orders").get(0))).extracting(ChangeLogEntry::eventId)
                .containsExactlyElementsOf(eventIds(records));
    }

    @Test
    void recordsThatCannotBeBackedUpAreQuarantinedAndTheSegmentHoldsTheRest() {
        Unbackupable batch = Unbackupable.of(new Events("Orders"));
        List<DynamodbStreamRecord> records = new ArrayList<>(batch.records());
        records.add(2, null);

        StreamsEventResponse response = run(handler(BackupConfig.builder().multiTenancyColumn("tenant")).build(), records);

        assertThat(failures(response)).isEmpty();
        assertThat(lines("Orders")).extracting(ChangeLogEntry::eventId)
                .containsExactly(batch.good1().getEventID(), batch.good2().getEventID());
        for (DynamodbStreamRecord r : List.of(batch.keysOnly(), batch.unknownEvent(), batch.malformed(),
                batch.removeWithoutOld(), batch.noArn())) {
            String table = r == batch.noArn() ? "_unknown_table" : "Orders";
            assertThat(LocalS3.latestBody(s3, bucketName, layout().quarantineKey(table, r.getEventID())))
                    .contains(r.getEventID());
        }
        assertThat(captured.lines()).filteredOn(l -> l.has("_aws")).singleElement()
                .satisfies(metrics -> assertThat(metrics.path("Quarantined").asInt()).isEqualTo(6));
    }

    // ---- failures and redelivery ---------------------------------------------------------------

    @Test
    void aSegmentThatDidNotLandReportsTheTablesFirstRecordAndTheRedeliveryWritesIt() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 5, 3);
        BackupHandler handler = handler();

        List<DynamodbStreamRecord> redelivered = runRefusingPutsOf("/_log/", handler, records);

        assertThat(segmentKeys("Orders")).isEmpty();
        assertThat(failures(run(handler, redelivered))).isEmpty();
        assertThat(lines("Orders")).extracting(ChangeLogEntry::eventId).containsExactlyElementsOf(eventIds(records));
    }

    @Test
    void aBatchDeliveredTwiceWritesTwoSegmentsThatReadAsOne() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 4, 2);
        BackupHandler handler = handler();
        assertThat(failures(handler.handleRequest(Events.event(records), LambdaContext.withRequestId("first")))).isEmpty();
        assertThat(failures(handler.handleRequest(Events.event(records), LambdaContext.withRequestId("again")))).isEmpty();
        assertThat(segmentKeys("Orders")).hasSize(2);
        assertThat(lines("Orders")).hasSize(2 * records.size());
        assertThat(deduplicated("Orders")).extracting(ChangeLogEntry::eventId).containsExactlyElementsOf(eventIds(records));
    }

    @Test
    void onlyTheTableWhoseSegmentFailedIsReported() {
        Events orders = new Events("Orders");
        Events users = new Events("Users");
        List<DynamodbStreamRecord> records = List.of(
                orders.insert(item("id", s("o1")), item("id", s("o1"))),
                users.insert(item("id", s("u1")), item("id", s("u1"))),
                orders.insert(item("id", s("o2")), item("id", s("o2"))),
                users.insert(item("id", s("u2")), item("id", s("u2"))));
        faults.failAlways(r -> r instanceof PutObjectRequest && ((PutObjectRequest) r).key().startsWith("bk/Users/_log/"), 403);

        StreamsEventResponse response = run(handler(), records);

        assertThat(failures(response)).containsExactly(seq(records.get(1)));
        assertThat(lines("Orders")).extracting(ChangeLogEntry::eventId)
                .containsExactly(records.get(0).getEventID(), records.get(2).getEventID());
        assertThat(segmentKeys("Users")).isEmpty();
    }

    @Test
    void aSegmentLargerThanThePartCapIsWrittenInNumberedParts() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 10, 3);
        BackupLayout layout = layout();
        S3Writer writer = new S3Writer(s3, bucketName);
        try (OrderedDispatcher dispatcher = new OrderedDispatcher(4)) {
            LogStore store = new LogStore(layout, new RecordParser(new TenantResolver(null), captured.log()),
                    new ObjectKeys(layout, KeyStrategy.md5(), null, captured.log()), new QuarantineWriter(writer, layout, captured.log()),
                    writer, dispatcher, captured.log(), captured.metrics(), BatchProcessor.TimeBudget.lambda(), 2_000);
            assertThat(failures(store.process(DeliveredBatch.of(records), "req-p", Deadline.none()))).isEmpty();
        }
        List<String> keys = segmentKeys("Orders");
        assertThat(keys).hasSizeGreaterThan(1).allMatch(k -> k.matches(".*-req-p-\\d+\\.jsonl\\.gz"));
        Instant first = records.get(0).getDynamodb().getApproximateCreationDateTime().toInstant();
        assertThat(keys).contains(layout.logSegmentKey("Orders", first, seq(records.get(0)), "req-p", 1),
                layout.logSegmentKey("Orders", first, seq(records.get(0)), "req-p", keys.size()));
        assertThat(lines("Orders")).extracting(ChangeLogEntry::eventId).containsExactlyElementsOf(eventIds(records));
    }

    // ---- the deadline --------------------------------------------------------------------------

    @Test
    void aSegmentWithNoTimeLeftIsNotStartedAndItsRecordsAreReported() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 3, 2);
        BackupHandler handler = handler(BackupConfig.builder()).time(SHORT).build();
        StreamsEventResponse response = handler.handleRequest(Events.event(records),
                LambdaContext.withTimeout(Duration.ofMillis(1_200)));
        assertThat(failures(response)).containsExactly(seq(records.get(0)));
        assertThat(segmentKeys("Orders")).isEmpty();
    }

    @Test
    void aSegmentThatHangsEndsBeforeTheDeadlineAndItsRecordsAreReported() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 3, 2);
        ExecutionInterceptor hang = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest p && p.key().contains("/_log/")) {
                    try {
                        Thread.sleep(20_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        S3Client hanging = AwsClients.s3(s3Settings().toBuilder().addInterceptor(hang).build());
        BackupHandler handler = BackupHandler.builder(BackupConfig.builder().bucket(bucketName).prefix(PREFIX)
                .storageMode(StorageMode.LOG).build(), hanging, noDynamoDb())
                .log(captured.log()).metrics(captured.metrics()).time(SHORT).build();
        LambdaContext context = LambdaContext.withTimeout(Duration.ofSeconds(4));

        StreamsEventResponse response = handler.handleRequest(Events.event(records), context);

        assertThat(context.untilDeadline()).isPositive();
        assertThat(failures(response)).containsExactly(seq(records.get(0)));
    }
}
