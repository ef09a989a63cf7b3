package dev.ddbbackup.backfill;

import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.backup.UnversionedBucketException;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.layout.TableDescriptionStore;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.table.ParallelScan;
import dev.ddbbackup.table.ReadCapacityLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes every current item of a table into the backup, exactly as the function would have
 * written it, so a table that existed before its stream was enabled gets a complete backup.
 *
 * <p>A backfilled version must never hide a streamed change of the same item, because the stream
 * is the truth and the scan is only a snapshot. So the backfill's version of an item may only be
 * the first entry of its object's history:
 * <ol>
 *   <li>an item is skipped when its object already has any version or delete marker (the stream
 *       got there first);</li>
 *   <li>the PUT is conditional ({@code If-None-Match: *}), so a streamed PUT between that check
 *       and the write makes S3 refuse it (412);</li>
 *   <li>after the PUT the key's history is listed again, and if anything older than the new
 *       version is there, the new version is deleted again by its version id (which restores the
 *       key's previous latest entry exactly) and the item counts as lost to the stream. This
 *       covers what the condition does not: a streamed DELETE in the window (S3 does not count a
 *       delete marker as an existing object) and servers that ignore {@code If-None-Match} (Ceph
 *       RGW in versioned buckets), so correctness never depends on the condition; it only saves
 *       the delete in the common case.</li>
 * </ol>
 * Entries newer than the backfill's version are streamed changes made after it: the version stays
 * (the item's state before them) and its change-log line (sequence number 0) orders before theirs.
 * The check costs one ListObjectVersions per item written; deleting a version needs
 * {@code s3:DeleteObjectVersion}, and only when a race was lost.
 *
 * <p>Safe order: enable the stream and the function first, then backfill.
 */
public final class Backfill {

    public static final String EVENT_NAME = "BACKFILL";
    private static final int MAX_FAILURE_EXAMPLES = 5;
    private static final int CONFLICT_ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final BackfillOptions options;
    private final Clock clock;
    private final BackupLayout layout;
    private final KeyStrategy strategy;
    private final S3Writer writer;
    private final PutIfAbsent putIfAbsent;
    private final ExistingVersions existing;

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skippedExisting = new AtomicLong();
    private final AtomicLong skippedRace = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong tenantFallbacks = new AtomicLong();
    private final AtomicLong changeLogs = new AtomicLong();
    private final AtomicLong changeLogFailures = new AtomicLong();
    private final List<String> failureExamples = Collections.synchronizedList(new ArrayList<>());

    public Backfill(DynamoDbClient dynamoDb, S3Client s3, BackfillOptions options, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.options = options;
        this.clock = clock;
        this.layout = BackupLayout.withPrefix(options.prefix());
        this.strategy = options.plainTextKeys() ? KeyStrategy.plainText() : KeyStrategy.md5();
        this.writer = new S3Writer(s3, options.bucket());
        this.putIfAbsent = new PutIfAbsent(s3, writer);
        this.existing = new ExistingVersions(s3, options.bucket());
    }

    /** The table's approximate item count (DescribeTable, updated about every six hours), for a progress bar. */
    public long approximateItemCount() {
        Long n = dynamoDb.describeTable(b -> b.tableName(options.table())).table().itemCount();
        return n == null ? 0 : n;
    }

    /** Runs the backfill; {@code progress} receives the number of items finished, page by page. */
    public BackfillReport run(LongConsumer progress) throws Exception {
        long started = System.nanoTime();
        UnversionedBucketException.requireEnabled(s3, options.bucket());
        TableDescription table = dynamoDb.describeTable(b -> b.tableName(options.table())).table();
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(options.table())).timeToLiveDescription();
        boolean descriptionWritten = new TableDescriptionStore(layout, writer::readIfExists, writer::putJson)
                .record(table, ttl).isPresent();
        List<String> keySchema = TableDescriptionJson.keyOrder(table.keySchema());
        // One time for the whole run, to the second like the stream's: the state the scan saw is
        // the item's state "as of the backfill"; any streamed change sorts after it (sequence 0).
        ToolChanges changes = new ToolChanges(writer, layout, options.table(), EVENT_NAME, clock.instant());
        Instant scanTime = changes.time();
        ReadCapacityLimiter limiter = options.maxReadCapacity() == null ? null
                : new ReadCapacityLimiter(options.maxReadCapacity());
        ExecutorService writers = Tasks.daemonPool("backfill-put", options.writeConcurrency());
        AtomicLong pageNumber = new AtomicLong();
        ParallelScan.Stats stats;
        try {
            stats = new ParallelScan(dynamoDb, options.table(), options.segments(), limiter).run((segment, items) -> {
                List<ChangeLogEntry> entries = writePage(items, keySchema, changes, writers);
                writeChangeLog(entries, changes, segment, pageNumber.incrementAndGet());
                progress.accept(items.size());
            });
        } finally {
            writers.shutdownNow();
        }
        return new BackfillReport(options.table(), scanTime, stats.items(), written.get(), skippedExisting.get(),
                skippedRace.get(), failed.get(), tenantFallbacks.get(), changeLogs.get(), changeLogFailures.get(),
                descriptionWritten, stats.consumedReadCapacity(), (System.nanoTime() - started) / 1_000_000,
                failureExamples);
    }

    private List<ChangeLogEntry> writePage(List<Map<String, AttributeValue>> items, List<String> keySchema,
            ToolChanges changes, ExecutorService writers) throws InterruptedException {
        List<Callable<ChangeLogEntry>> tasks = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            tasks.add(() -> writeItem(item, keySchema, changes));
        }
        List<ChangeLogEntry> entries = new ArrayList<>(items.size());
        for (Future<ChangeLogEntry> f : writers.invokeAll(tasks)) {
            try {
                ChangeLogEntry e = f.get();
                if (e != null) {
                    entries.add(e);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                fail("item", e.getCause());
            }
        }
        return entries;
    }

    /** Returns the change-log entry of a written item, or null when the item was skipped or failed. */
    private ChangeLogEntry writeItem(Map<String, AttributeValue> item, List<String> keySchema, ToolChanges changes) {
        ToolChanges.Located at = changes.locate(item, keySchema, strategy, options.tenantColumn());
        if (at.tenantFallback()) {
            tenantFallbacks.incrementAndGet();
        }
        ItemKey key = at.key();
        String objectKey = at.objectKey();
        String eventId = changes.newEventId();
        byte[] body = DynamoJson.sdkItemToBytes(item);
        for (int attempt = 1; ; attempt++) {
            try {
                if (existing.hasAny(objectKey)) {
                    skippedExisting.incrementAndGet();
                    return null;
                }
                String versionId = putIfAbsent.put(objectKey, body, changes.metadata(eventId));
                if (versionId == null) {
                    skippedRace.incrementAndGet();
                    return null;
                }
                if (!versionId.isEmpty() && !existing.isFirstEntry(objectKey, versionId)) {
                    // Lost the race without S3 refusing the write: take our version back out.
                    try {
                        s3.deleteObject(b -> b.bucket(options.bucket()).key(objectKey).versionId(versionId));
                    } catch (RuntimeException e) {
                        fail(key.canonicalJson(), new IllegalStateException("version " + versionId + " of " + objectKey
                                + " may hide a streamed change and could not be deleted: delete it by hand", e));
                        return null;
                    }
                    skippedRace.incrementAndGet();
                    return null;
                }
                written.incrementAndGet();
                return changes.entry(eventId, ChangeLogEntry.Action.PUT, key, objectKey, at.tenant())
                        .withStored(versionId.isEmpty() ? null : versionId, null);
            } catch (S3Exception e) {
                // 409: another conditional write to the key was in flight; look again.
                if (e.statusCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    fail(key.canonicalJson(), e);
                    return null;
                }
            } catch (RuntimeException e) {
                fail(key.canonicalJson(), e);
                return null;
            }
        }
    }

    private void writeChangeLog(List<ChangeLogEntry> entries, ToolChanges changes, int segment, long page) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            changes.writeChangeLog(entries, "s" + segment + "-p" + page);
            changeLogs.incrementAndGet();
        } catch (RuntimeException e) {
            // The objects carry the same facts in their metadata; the run reports the gap.
            changeLogFailures.incrementAndGet();
            example("change log " + changes.runName("s" + segment + "-p" + page) + ": " + e.getMessage());
        }
    }

    private void fail(String what, Throwable error) {
        failed.incrementAndGet();
        example(what + ": " + error);
    }

    private void example(String text) {
        synchronized (failureExamples) {
            if (failureExamples.size() < MAX_FAILURE_EXAMPLES) {
                failureExamples.add(text);
            }
        }
    }
}
