package dev.ddbbackup.resync;

import dev.ddbbackup.backfill.ToolChanges;
import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.function.KeySchemaResolver;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.verify.Verifier;
import dev.ddbbackup.verify.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Brings a backup's latest state back in line with the live table after changes were lost (a
 * batch on the failure queue, a bucket written over): the live table is compared with the backup
 * exactly as verify compares it ({@link Verifier}), and for every item found missing, differing or
 * extra the item's live state, read again (strongly consistent), is written as a new change with
 * event name {@code RESYNC}: its image PUT, or a DELETE when the table no longer has it. History is
 * never rewritten: the changes before the resync stay as they are, so a restore to any earlier time
 * is exactly what it was.
 *
 * <p>Order. Every change of a run has one time R, the next whole second after the comparison
 * ended, and sequence number 0; the run waits for R before it reads the first live item. Why: the
 * readers order an item's changes by (time, sequence number).
 * <ul>
 *   <li>Every change the comparison saw in the backup was written before it ended, so its stream
 *       time is before R: the resync sorts after every change it repairs.</li>
 *   <li>A write racing the resync (the item changed while it runs) happens after R, so the stream
 *       gives it a time of R or later and a sequence number above 0: it sorts after the resync and
 *       wins when the stream delivers it, later. A write before the live read is in the image the
 *       resync writes, wherever the stream's copy of it sorts: the newest change is the newest
 *       state either way.</li>
 *   <li>An item whose backed-up latest change is at R or later (a clock ahead of this machine's)
 *       is not written: it is reported as changing, to resync again once the stream has caught up.</li>
 * </ul>
 * This holds while this machine's clock is not ahead of DynamoDB's by a second or more (the stream
 * time is DynamoDB's, rounded down to the second).
 *
 * @param threads backup partitions compared at once
 * @param writeConcurrency items read and written at once
 */
public record Resync(DynamoDbClient dynamoDb, S3Client s3, int threads, int writeConcurrency, Clock clock) {

    public static final String EVENT_NAME = "RESYNC";

    /**
     * Compares and repairs (or with {@code dryRun} lists the repairs).
     *
     * @param onlyKey the one item to repair, or null for every item the comparison finds
     * @param tenantColumn the function's MultiTenancyColumn, or null
     */
    public ResyncReport run(VerifyJobSpec job, ItemKey onlyKey, String tenantColumn, boolean dryRun, Progress progress)
            throws Exception {
        String table = job.table();
        BackupLayout layout = job.location().layout();
        DifferenceList found = new DifferenceList(job.location().tableRoot(),
                onlyKey == null ? null : onlyKey.canonicalJson());
        VerifyReport comparison = new Verifier(dynamoDb, s3, threads).compare(job, table, progress, found);
        List<Difference> differences = found.differences();
        S3Writer writer = new S3Writer(s3, job.location().bucket());
        // The storage mode the backup is written in, as the readers find it: log segments under _log/
        // mean log mode (the function writes no item object then).
        boolean logMode = job.backup().reader(s3).firstLogSegment().isPresent();
        ToolChanges changes = new ToolChanges(writer, layout, table, EVENT_NAME,
                clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        ResyncStore store = new ResyncStore(writer, changes, logMode);
        ResyncReport.Builder report = new ResyncReport.Builder(comparison, store.modeName(), changes.time(), dryRun);
        if (differences.isEmpty()) {
            return report.build();
        }
        if (found.tenantFolders() && tenantColumn == null) {
            throw new IllegalArgumentException("The backup of " + table + " keeps items in tenant folders: pass"
                    + " --tenant-column (the function's MultiTenancyColumn) so each item is written to its tenant's");
        }
        if (!dryRun) {
            waitUntil(changes.time());
        }
        ItemRepair repair = new ItemRepair(dynamoDb, table, new KeySchemaResolver(() -> dynamoDb).keySchema(table),
                found.md5Names() ? KeyStrategy.md5() : KeyStrategy.plainText(), tenantColumn, changes, store, dryRun);
        progress.start("Resync " + table, differences.size(), "items");
        ExecutorService pool = Tasks.daemonPool("resync", writeConcurrency);
        try {
            List<Callable<List<Repair>>> tasks = new ArrayList<>(differences.size());
            for (Difference d : differences) {
                tasks.add(() -> {
                    try {
                        return repair.repair(d, report);
                    } finally {
                        progress.step(1);
                    }
                });
            }
            for (Future<List<Repair>> f : pool.invokeAll(tasks)) {
                Tasks.get(f).forEach(report::add);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!dryRun) {
            try {
                store.finish().forEach(report::changeLog);
            } catch (RuntimeException e) {
                report.changeLogFailed(e);
            }
        }
        return report.build();
    }

    /** Waits until the clock reaches {@code time}: a live read before it could miss a write the resync sorts after. */
    private void waitUntil(Instant time) throws InterruptedException {
        Duration left = Duration.between(clock.instant(), time);
        while (!left.isNegative() && !left.isZero()) {
            Thread.sleep(left.toMillis() + 1);
            left = Duration.between(clock.instant(), time);
        }
    }

    /** The live item of a key, read strongly consistent; null when the table does not have it. */
    static Map<String, AttributeValue> liveItem(DynamoDbClient dynamoDb, String table, ItemKey key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(DynamoJson.sdkKeyMap(key))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
