package dev.ddbbackup.testing;

import static dev.ddbbackup.testing.LocalDynamo.n;
import static dev.ddbbackup.testing.LocalDynamo.s;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.ddbbackup.backfill.Backfill;
import dev.ddbbackup.backfill.BackfillOptions;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table with a backup that has history: items backfilled at {@link #T0}, then streamed changes
 * through the real handler at {@link #T1} and {@link #T2} (modifies, removes, inserts), applied
 * to the table too. Keeps the expected state at each time, independently of the backup reader.
 */
public final class BackupFixture {

    public static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    public static final Instant T1 = Instant.parse("2026-11-21T09:00:00Z");
    public static final Instant T2 = Instant.parse("2026-11-21T10:00:00Z");
    public static final String PREFIX = "bk";
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    public final DynamoDbClient dynamoDb;
    public final S3Client s3;
    public final String table;
    public final String bucket;
    /** Canonical key JSON → item, at T0, T1 and T2. */
    public final Map<String, Map<String, AttributeValue>> atT0 = new TreeMap<>();
    public final Map<String, Map<String, AttributeValue>> atT1 = new TreeMap<>();
    public final Map<String, Map<String, AttributeValue>> atT2 = new TreeMap<>();

    private final Map<String, Map<String, AttributeValue>> current = new TreeMap<>();
    private final Events events;
    private BackupHandler handler;

    private BackupFixture(DynamoDbClient dynamoDb, S3Client s3, String table, String bucket) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.table = table;
        this.bucket = bucket;
        this.events = new Events(table);
        this.handler = handler(StorageMode.OBJECTS);
    }

    private BackupHandler handler(StorageMode mode) {
        return new BackupHandler(BackupConfig.builder().bucket(bucket).prefix(PREFIX).storageMode(mode).build(), s3,
                () -> dynamoDb, new JsonLog(QUIET, JsonLog.Level.ERROR), new EmfMetrics(QUIET));
    }

    /** Builds the table and its backup: {@code items} items at T0, then two rounds of changes. */
    public static BackupFixture create(DynamoDbClient dynamoDb, S3Client s3, String table, String bucket, int items)
            throws Exception {
        return create(dynamoDb, s3, table, bucket, items, StorageMode.OBJECTS, StorageMode.OBJECTS);
    }

    /**
     * As {@link #create(DynamoDbClient, S3Client, String, String, int)}, the function storing the
     * round at T1 in {@code atT1}'s mode and the one at T2 in {@code atT2}'s (a backup that switched
     * mode when they differ; the backfill at T0 writes objects either way).
     */
    public static BackupFixture create(DynamoDbClient dynamoDb, S3Client s3, String table, String bucket, int items,
            StorageMode atT1, StorageMode atT2) throws Exception {
        BackupFixture f = new BackupFixture(dynamoDb, s3, table, bucket);
        LocalDynamo.createTable(dynamoDb, table);
        LocalS3.createVersionedBucket(s3, bucket);
        List<Map<String, AttributeValue>> initial = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Map<String, AttributeValue> item = item("item-" + i, i % 4, "v0-" + i);
            initial.add(item);
            f.current.put(key(item), item);
        }
        LocalDynamo.putAll(dynamoDb, table, initial);
        new Backfill(dynamoDb, s3, new BackfillOptions(table, bucket, PREFIX, 2, null, false, null, 16),
                Clock.fixed(T0, ZoneOffset.UTC)).run(n -> { });
        f.atT0.putAll(f.current);
        f.handler = f.handler(atT1);
        f.round(T1, 1);
        f.atT1.putAll(f.current);
        f.handler = f.handler(atT2);
        f.round(T2, 2);
        f.atT2.putAll(f.current);
        return f;
    }

    /** Modifies every 3rd item, removes every 7th, inserts a few new ones. */
    private void round(Instant time, int round) {
        events.at(time);
        List<DynamodbStreamRecord> records = new ArrayList<>();
        List<String> keys = new ArrayList<>(current.keySet());
        for (int i = 0; i < keys.size(); i++) {
            Map<String, AttributeValue> old = current.get(keys.get(i));
            if (i % 7 == round) {
                records.add(events.remove(eventKeys(old), eventImage(old)));
                dynamoDb.deleteItem(b -> b.tableName(table).key(keyOf(old)));
                current.remove(keys.get(i));
            } else if (i % 3 == round) {
                Map<String, AttributeValue> changed = new LinkedHashMap<>(old);
                changed.put("value", s("v" + round + "-" + i));
                changed.put("round", n(Integer.toString(round)));
                records.add(events.modify(eventKeys(changed), eventImage(old), eventImage(changed)));
                dynamoDb.putItem(b -> b.tableName(table).item(changed));
                current.put(keys.get(i), changed);
            }
        }
        for (int i = 0; i < 3; i++) {
            Map<String, AttributeValue> inserted = item("new-" + round + "-" + i, 9, "inserted");
            records.add(events.insert(eventKeys(inserted), eventImage(inserted)));
            dynamoDb.putItem(b -> b.tableName(table).item(inserted));
            current.put(key(inserted), inserted);
        }
        stream(records);
    }

    /** From now on the function stores the changes in {@code mode} (redeployed with another StorageMode). */
    public void switchTo(StorageMode mode) {
        handler = handler(mode);
    }

    /** Sends records through the real handler; fails on any batch item failure. */
    public void stream(List<DynamodbStreamRecord> records) {
        for (int from = 0; from < records.size(); from += 100) {
            var response = handler.handleRequest(Events.event(records.subList(from, Math.min(records.size(), from + 100))),
                    null);
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new AssertionError("Handler failed records: " + response.getBatchItemFailures().size());
            }
        }
    }

    public Events events() {
        return events;
    }

    public static Map<String, AttributeValue> item(String id, int range, String value) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", s(id));
        item.put("range", n(Integer.toString(range)));
        item.put("value", s(value));
        item.put("tags", AttributeValue.fromSs(List.of("x", "y", "z")));
        item.put("doc", AttributeValue.fromM(Map.of("n", n("1.50"), "ok", AttributeValue.fromBool(true),
                "l", AttributeValue.fromL(List.of(s("a"), AttributeValue.fromNul(true))))));
        return item;
    }

    public static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of("id", item.get("id"), "range", item.get("range"));
    }

    public static String key(Map<String, AttributeValue> item) {
        return DynamoJson.sdkKey(keyOf(item)).canonicalJson();
    }

    public static String objectKey(String table, Map<String, AttributeValue> item) {
        return PREFIX + "/" + table + "/" + DynamoJson.sdkKey(keyOf(item)).md5Hex();
    }

    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> eventImage(
            Map<String, AttributeValue> item) {
        return DynamoJson.parseEventItem(DynamoJson.sdkItemToJson(item));
    }

    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> eventKeys(
            Map<String, AttributeValue> item) {
        return eventImage(keyOf(item));
    }
}
