package dev.ddbbackup.backfill;

import static dev.ddbbackup.testing.BackupFixture.eventImage;
import static dev.ddbbackup.testing.BackupFixture.eventKeys;
import static dev.ddbbackup.testing.LocalDynamo.n;
import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.WithLocalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class BackfillTest extends WithLocalServers {

    static final Instant SCAN_TIME = Instant.parse("2026-11-21T08:30:15Z");

    static Map<String, AttributeValue> item(String id, int range, String tenant, String value) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", s(id));
        item.put("range", n(Integer.toString(range)));
        if (tenant != null) {
            item.put("tenant", s(tenant));
        }
        item.put("value", s(value));
        item.put("tags", AttributeValue.fromSs(List.of("a", "b")));
        item.put("nested", AttributeValue.fromM(Map.of("flag", AttributeValue.fromBool(true),
                "list", AttributeValue.fromL(List.of(n("1"), AttributeValue.fromNul(true))))));
        return item;
    }

    static BackfillReport backfill(String table, String bucket, boolean plainText, String tenantColumn) throws Exception {
        return new Backfill(dynamoDb, s3, new BackfillOptions(table, bucket, "bk", 3, null, plainText, tenantColumn, 8),
                Clock.fixed(SCAN_TIME, ZoneOffset.UTC)).run(n -> { });
    }

    static BackupHandler handler(String bucket, boolean plainText, String tenantColumn) {
        return new BackupHandler(BackupConfig.builder().bucket(bucket).prefix("bk").plainTextKeys(plainText)
                .multiTenancyColumn(tenantColumn).build(), s3, () -> dynamoDb,
                new JsonLog(new PrintStream(new ByteArrayOutputStream()), JsonLog.Level.ERROR),
                new EmfMetrics(new PrintStream(new ByteArrayOutputStream())));
    }

    static List<ChangeLogEntry> changeLog(String bucket, String table) {
        List<ChangeLogEntry> entries = new ArrayList<>();
        for (String key : LocalS3.keysUnder(s3, bucket, "bk/" + table + "/_changes/")) {
            for (String line : LocalS3.latestBody(s3, bucket, key).split("\n")) {
                entries.add(ChangeLogEntry.parse(line));
            }
        }
        return entries;
    }

    @Test
    void writesEveryItemWithTheFunctionsLayoutThenNeverHidesAStreamedChange() throws Exception {
        String table = "Orders";
        String bucket = "backfill-md5";
        LocalDynamo.createTable(dynamoDb, table);
        LocalS3.createVersionedBucket(s3, bucket);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(item("item-" + i, i % 3, null, "v" + i));
        }
        LocalDynamo.putAll(dynamoDb, table, items);

        BackfillReport first = backfill(table, bucket, false, null);

        assertThat(first.ok()).isTrue();
        assertThat(first.scanned()).isEqualTo(60);
        assertThat(first.written()).isEqualTo(60);
        assertThat(first.tableDescriptionWritten()).isTrue();
        for (Map<String, AttributeValue> item : items) {
            String key = "bk/Orders/" + DynamoJson.sdkKey(Map.of("id", item.get("id"), "range", item.get("range"))).md5Hex();
            assertThat(LocalS3.latestBody(s3, bucket, key)).isEqualTo(DynamoJson.sdkItemToJson(item));
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            assertThat(head.metadata()).containsEntry("event-name", "BACKFILL")
                    .containsEntry("sequence-number", "0")
                    .containsEntry("approximate-creation-time", "2026-11-21T08:30:15Z");
            assertThat(head.metadata().get("event-id")).startsWith("backfill-");
        }
        List<ChangeLogEntry> log = changeLog(bucket, table);
        assertThat(log).hasSize(60).allSatisfy(e -> {
            assertThat(e.eventName()).isEqualTo("BACKFILL");
            assertThat(e.sequenceNumber()).isEqualTo("0");
            assertThat(e.approximateCreationTime()).isEqualTo(SCAN_TIME);
            assertThat(e.versionId()).isNotNull();
        });
        assertThat(log.stream().map(ChangeLogEntry::eventId).distinct()).hasSize(60);
        assertThat(LocalS3.keysUnder(s3, bucket, "bk/Orders/_changes/2026/11/21/08/")).isNotEmpty();
        assertThat(LocalS3.keysUnder(s3, bucket, "bk/Orders/_table.json")).hasSize(1);

        // Streamed changes after the backfill, through the real handler (and in the table).
        Map<String, AttributeValue> changed = new HashMap<>(items.get(0));
        changed.put("value", s("streamed"));
        Map<String, AttributeValue> removed = items.get(1);
        Map<String, AttributeValue> inserted = item("streamed-insert", 1, null, "new");
        LocalDynamo.putAll(dynamoDb, table, List.of(changed, inserted));
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", removed.get("id"), "range", removed.get("range"))));
        Events events = new Events(table).at(Instant.parse("2026-11-21T09:00:00Z"));
        var response = handler(bucket, false, null).handleRequest(Events.event(
                events.modify(eventKeys(changed), eventImage(items.get(0)), eventImage(changed)),
                events.remove(eventKeys(removed), eventImage(removed)),
                events.insert(eventKeys(inserted), eventImage(inserted))), null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        // An item the stream never saw (it existed before the stream, like all the first 60).
        Map<String, AttributeValue> late = item("never-streamed", 2, null, "old");
        LocalDynamo.putAll(dynamoDb, table, List.of(late));

        BackfillReport second = backfill(table, bucket, false, null);

        assertThat(second.ok()).isTrue();
        assertThat(second.written()).isEqualTo(1);
        assertThat(second.skippedExisting()).isEqualTo(60);
        assertThat(second.tableDescriptionWritten()).isFalse();
        String changedKey = "bk/Orders/" + DynamoJson.sdkKey(Map.of("id", changed.get("id"), "range", changed.get("range"))).md5Hex();
        assertThat(LocalS3.versions(s3, bucket, changedKey)).hasSize(2);
        assertThat(LocalS3.latestBody(s3, bucket, changedKey)).contains("streamed");
        String removedKey = "bk/Orders/" + DynamoJson.sdkKey(Map.of("id", removed.get("id"), "range", removed.get("range"))).md5Hex();
        assertThat(LocalS3.versions(s3, bucket, removedKey)).hasSize(2)
                .anySatisfy(v -> assertThat(v.deleteMarker() && v.latest()).isTrue());
        String insertedKey = "bk/Orders/" + DynamoJson.sdkKey(Map.of("id", inserted.get("id"), "range", inserted.get("range"))).md5Hex();
        assertThat(LocalS3.versions(s3, bucket, insertedKey)).hasSize(1);
        assertThat(s3.headObject(b -> b.bucket(bucket).key(insertedKey)).metadata()).containsEntry("event-name", "INSERT");
        assertThat(changeLog(bucket, table).stream().filter(e -> e.eventName().equals("BACKFILL"))).hasSize(61);
    }

    @Test
    void plainTextNamesAndTenantsMatchTheFunctionsKeysExactly() throws Exception {
        String table = "Tenants";
        LocalDynamo.createTable(dynamoDb, table);
        LocalS3.createVersionedBucket(s3, "streamed-keys");
        LocalS3.createVersionedBucket(s3, "backfilled-keys");
        List<Map<String, AttributeValue>> items = List.of(
                item("plain", 1, "acme", "x"),
                item("_leading/slash|pipe%", 2, "_under/score", "x"),
                item("no-tenant", 3, null, "x"),
                item("empty-tenant", 4, "", "x"),
                item("long-" + "k".repeat(1000), 5, "acme", "x"),
                item(".", 6, "..", "x"),
                item("..", 7, ".", "x"));
        LocalDynamo.putAll(dynamoDb, table, items);
        Events events = new Events(table);
        var records = items.stream().map(i -> events.insert(eventKeys(i), eventImage(i))).collect(Collectors.toList());
        assertThat(handler("streamed-keys", true, "tenant").handleRequest(Events.event(records), null)
                .getBatchItemFailures()).isEmpty();

        BackfillReport report = backfill(table, "backfilled-keys", true, "tenant");

        assertThat(report.written()).isEqualTo(7);
        assertThat(report.tenantFallbacks()).isEqualTo(2);
        List<String> streamed = itemKeys("streamed-keys", table);
        assertThat(itemKeys("backfilled-keys", table)).isEqualTo(streamed);
        assertThat(streamed).contains("bk/Tenants/acme/plain|1", "bk/Tenants/%5Funder%2Fscore/%5Fleading%2Fslash%7Cpipe%25|2",
                "bk/Tenants/_no_tenant/no-tenant|3",
                // '.' and '..' never become path segments: tools that normalise paths would resolve them.
                "bk/Tenants/%2E%2E/%2E|6", "bk/Tenants/%2E/%2E%2E|7");

        // Into the bucket the stream already wrote: every item is skipped.
        BackfillReport again = backfill(table, "streamed-keys", true, "tenant");
        assertThat(again.written()).isZero();
        assertThat(again.skippedExisting()).isEqualTo(7);
    }

    static List<String> itemKeys(String bucket, String table) {
        return LocalS3.keysUnder(s3, bucket, "bk/" + table + "/").stream()
                .filter(k -> !k.startsWith("bk/" + table + "/_changes/") && !k.endsWith("/_table.json"))
                .collect(Collectors.toList());
    }

    @Test
    void conditionalPutLosesToAnExistingObject() {
        // The race the existence check cannot close: S3Mock 4.x honours If-None-Match: * like S3.
        LocalS3.createVersionedBucket(s3, "race");
        S3Writer writer = new S3Writer(s3, "race");
        PutIfAbsent putIfAbsent = new PutIfAbsent(s3, writer);
        writer.putJson("bk/T/abc", "{\"streamed\":{\"S\":\"yes\"}}".getBytes());
        assertThat(putIfAbsent.put("bk/T/abc", "{}".getBytes(), Map.of())).isNull();
        assertThat(LocalS3.versions(s3, "race", "bk/T/abc")).hasSize(1);
        assertThat(putIfAbsent.put("bk/T/other", "{}".getBytes(), Map.of())).isNotNull();
        // A current delete marker is no object: the PUT goes through (on S3 as on S3Mock). That race
        // (a streamed REMOVE between the check and the PUT) is closed by the change log: the
        // backfill's line has sequence number 0 and sorts before the REMOVE.
        writer.delete("bk/T/gone");
        assertThat(putIfAbsent.put("bk/T/gone", "{}".getBytes(), Map.of())).isNotNull();
    }
}
