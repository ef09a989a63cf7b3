package dev.ddbbackup.revert;

import static dev.ddbbackup.testing.LocalDynamo.s;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.verify.ItemDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backed-up table ({@link BackupFixture}: backfilled, two rounds of changes) and the writes made
 * to it afterwards through the real function, with a model kept beside the table of what it holds
 * ({@link #live}). {@link #deploy()} plays a bad deploy: good writes before the window; in the
 * window (T1, T2] a deploy that corrupts items, creates items, deletes items, creates and deletes
 * one, its batch delivered twice, and a later batch delivered again from its second record (a
 * partial failure); after the window good writes, some on items the bad deploy
 * touched. {@link #expected} then says what a revert must leave: every item changed in the window
 * and not after at its T1 state, every other item as it is. Used by the revert's tests on one
 * machine and on the fan-out. The backup may store the history in either storage mode, switch
 * mode for the bad deploy, and the window may lie days after the fixture's history
 * ({@link #deploy(StorageMode, Duration)}).
 */
public final class BadDeploy {

    public static final Instant BEFORE = Instant.parse("2026-11-21T10:10:00Z");
    public static final Instant FROM = Instant.parse("2026-11-21T10:30:00Z");
    public static final Instant BAD = Instant.parse("2026-11-21T10:40:00Z");
    public static final Instant BAD_AGAIN = Instant.parse("2026-11-21T10:50:00Z");
    public static final Instant TO = Instant.parse("2026-11-21T11:00:00Z");
    public static final Instant AFTER = Instant.parse("2026-11-21T11:30:00Z");

    public final BackupFixture backup;
    /** Canonical key → item: the live table as the writes left it. */
    public final Map<String, Map<String, AttributeValue>> live = new TreeMap<>();
    /** The table's keys before any write of this class, in order. */
    public final List<String> keys;
    /** After {@link #deploy()}: the items changed in the window. */
    public final Set<String> inWindow = new HashSet<>();
    /** After {@link #deploy()}: the window's items changed again after it. */
    public Set<String> changedAfter = Set.of();
    /** After {@link #deploy()}: the table as a revert of the window must leave it. */
    public final Map<String, Map<String, AttributeValue>> expected = new TreeMap<>();
    /** After {@link #deploy()}: the table at T1 and at T2. */
    public final Map<String, Map<String, AttributeValue>> atFrom = new TreeMap<>();
    public final Map<String, Map<String, AttributeValue>> atTo = new TreeMap<>();
    /** After {@link #deploy()}: canonical key → its changes in the window (a batch delivered again is one). */
    public final Map<String, Integer> changesInWindow = new TreeMap<>();
    /** How far after the times above the writes of {@link #deploy} are made (and the window lies). */
    private Duration later = Duration.ZERO;
    /** The keys the batch being built changes. */
    private final List<String> batchKeys = new ArrayList<>();
    private List<DynamodbStreamRecord> lastBatch = List.of();

    private BadDeploy(BackupFixture backup) {
        this.backup = backup;
        live.putAll(backup.atT2);
        keys = List.copyOf(live.keySet());
    }

    public static BadDeploy create(DynamoDbClient dynamoDb, S3Client s3, String table, String bucket, int items)
            throws Exception {
        return new BadDeploy(BackupFixture.create(dynamoDb, s3, table, bucket, items));
    }

    /** As {@link #create(DynamoDbClient, S3Client, String, String, int)}, the fixture's rounds stored in these modes. */
    public static BadDeploy create(DynamoDbClient dynamoDb, S3Client s3, String table, String bucket, int items,
            StorageMode atT1, StorageMode atT2) throws Exception {
        return new BadDeploy(BackupFixture.create(dynamoDb, s3, table, bucket, items, atT1, atT2));
    }

    /** The bad deploy and the good writes around it (needs at least 21 items). */
    public BadDeploy deploy() {
        return deploy(null, Duration.ZERO);
    }

    /**
     * {@link #deploy()} {@code later} after its times, the function redeployed in {@code mode} (null:
     * unchanged) after the good writes before the window.
     */
    public BadDeploy deploy(StorageMode mode, Duration later) {
        this.later = later;
        batch(BEFORE, false, r -> { // good writes before the window
            r.add(modify(keys.get(0), "good-before"));
            r.add(modify(keys.get(1), "good-before"));
        });
        atFrom.putAll(live);
        if (mode != null) {
            backup.switchTo(mode);
        }
        batch(BAD, true, r -> { // the bad deploy, its batch delivered twice
            for (int i = 1; i <= 6; i++) {
                r.add(modify(keys.get(i), "corrupt"));
                inWindow.add(keys.get(i));
            }
            r.add(remove(keys.get(7)));
            r.add(remove(keys.get(8)));
            r.add(insert("bad-created", "corrupt"));
            r.add(insert("bad-transient", "corrupt"));
            r.add(modify(keys.get(9), "corrupt"));
            inWindow.addAll(List.of(keys.get(9)));
            inWindow.addAll(List.of(keys.get(7), keys.get(8), key("bad-created"), key("bad-transient")));
        });
        batch(BAD_AGAIN, false, r -> {
            r.add(modify(keys.get(2), "corrupt-again"));
            r.add(remove(key("bad-transient")));
            r.add(modify(keys.get(9), atFrom.get(keys.get(9)).get("value").s())); // back as it was at T1
        });
        // A partly failed batch: Lambda delivers it again from its lowest failed record.
        backup.stream(lastBatch.subList(1, lastBatch.size()));
        atTo.putAll(live);
        // keys.get(9) is back at its T1 state by T2: its later change is nobody's conflict.
        changedAfter = Set.of(keys.get(3), keys.get(4), keys.get(9));
        batch(AFTER, false, r -> { // good writes after the window: one on an item the window left alone
            r.add(modify(keys.get(3), "good-after"));
            r.add(remove(keys.get(4)));
            r.add(modify(keys.get(20), "good-after"));
            r.add(modify(keys.get(9), "good-after"));
        });
        expected.putAll(live);
        for (String k : inWindow) {
            if (!changedAfter.contains(k)) {
                if (atFrom.containsKey(k)) {
                    expected.put(k, atFrom.get(k));
                } else {
                    expected.remove(k);
                }
            }
        }
        return this;
    }

    /** The items the revert of {@link #deploy()}'s window leaves out: changed again after it, not back at T1. */
    public Set<String> conflicts() {
        return Set.of(keys.get(3), keys.get(4));
    }

    /**
     * The bad deploy corrupts the first two items, and the version holding the first one's image at
     * T1 (its newest before the window) is deleted from the bucket: a revert must stop before its
     * first write. The object key of that item.
     */
    public String corruptFirstItemAndLoseItsVersionAtFrom() {
        batch(BAD, false, r -> {
            r.add(modify(keys.get(0), "corrupt"));
            r.add(modify(keys.get(1), "corrupt"));
        });
        String objectKey = BackupFixture.objectKey(backup.table, DynamoJson.parseSdkItem(keys.get(0)));
        var versions = backup.s3.listObjectVersionsPaginator(b -> b.bucket(backup.bucket).prefix(objectKey)).versions()
                .stream().filter(v -> v.key().equals(objectKey)).sorted(java.util.Comparator.comparing(
                        software.amazon.awssdk.services.s3.model.ObjectVersion::lastModified).reversed()).toList();
        // Newest first: the bad deploy's version, then the one before it.
        String before = versions.get(1).versionId();
        backup.s3.deleteObject(b -> b.bucket(backup.bucket).key(objectKey).versionId(before));
        return objectKey;
    }

    /** The window's start as {@link #deploy} placed it. */
    public Instant from() {
        return FROM.plus(later);
    }

    public Instant to() {
        return TO.plus(later);
    }

    /** One batch of writes streamed through the function at {@code time}, delivered twice when asked. */
    public void batch(Instant time, boolean twice, Consumer<List<DynamodbStreamRecord>> writes) {
        Instant at = time.plus(later);
        backup.events().at(at);
        List<DynamodbStreamRecord> records = new ArrayList<>();
        batchKeys.clear();
        writes.accept(records);
        if (at.isAfter(from()) && !at.isAfter(to())) {
            batchKeys.forEach(k -> changesInWindow.merge(k, 1, Integer::sum));
        }
        backup.stream(records);
        if (twice) {
            backup.stream(records); // the same records delivered again: new versions (or a segment), same events
        }
        lastBatch = records;
    }

    public DynamodbStreamRecord modify(String key, String value) {
        Map<String, AttributeValue> old = live.get(key);
        Map<String, AttributeValue> changed = new LinkedHashMap<>(old);
        changed.put("value", s(value));
        backup.dynamoDb.putItem(b -> b.tableName(backup.table).item(changed));
        live.put(key, changed);
        batchKeys.add(key);
        return backup.events().modify(BackupFixture.eventKeys(changed), BackupFixture.eventImage(old),
                BackupFixture.eventImage(changed));
    }

    public DynamodbStreamRecord remove(String key) {
        Map<String, AttributeValue> old = live.remove(key);
        batchKeys.add(key);
        backup.dynamoDb.deleteItem(b -> b.tableName(backup.table).key(BackupFixture.keyOf(old)));
        return backup.events().remove(BackupFixture.eventKeys(old), BackupFixture.eventImage(old));
    }

    public DynamodbStreamRecord insert(String id, String value) {
        Map<String, AttributeValue> item = BackupFixture.item(id, 1, value);
        backup.dynamoDb.putItem(b -> b.tableName(backup.table).item(item));
        live.put(BackupFixture.key(item), item);
        batchKeys.add(BackupFixture.key(item));
        return backup.events().insert(BackupFixture.eventKeys(item), BackupFixture.eventImage(item));
    }

    public static String key(String id) {
        return BackupFixture.key(BackupFixture.item(id, 1, ""));
    }

    /** The command line on the local servers, on this backup's window (T1, T2]. */
    public Cli.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bucket", backup.bucket, "--prefix", BackupFixture.PREFIX, "--table", backup.table,
                "--from", from().toString(), "--to", to().toString(), "--no-progress"));
        return Cli.local(all.toArray(new String[0]));
    }

    /** The live table, compared as verify compares: sets as sets, numbers as numbers. */
    public Map<String, String> table() {
        return table(backup.table);
    }

    public Map<String, String> table(String name) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(backup.dynamoDb, name)) {
            out.put(BackupFixture.key(item), render(item));
        }
        return out;
    }

    public static Map<String, String> renderAll(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, render(v)));
        return out;
    }

    public static String render(Map<String, AttributeValue> item) {
        return ItemDigest.of(item);
    }
}
