package dev.ddbbackup.verify;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.state.Progress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A restore drill: restore the backup's state at T into a scratch table with the restore engine
 * (the same code path as {@code restore}), compare that table with the backup's state at T item by
 * item, and delete the scratch table, always. Proves that the backup can actually be restored, not
 * only that objects exist.
 *
 * @param threads partitions restored and compared at once
 */
public record RestoreDrill(DynamoDbClient dynamoDb, S3Client s3, int threads) {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The default scratch table name: {@code {table}-drill-{yyyyMMdd-HHmmss}} of the drill's start. */
    public static String defaultScratchName(String table, Instant now) {
        return table + "-drill-" + SUFFIX.format(now);
    }

    /**
     * @param job the backup and scope to drill (its time is ignored: the drill's is {@code time})
     * @param showRestoreProgress the restore engine's own progress bar (stderr)
     */
    public DrillReport run(VerifyJobSpec job, Instant time, String scratchName, Progress progress, boolean showRestoreProgress)
            throws Exception {
        Objects.requireNonNull(time, "time");
        long started = System.nanoTime();
        BackupReader reader = job.backup().reader(s3);
        TableDescriptionJson.Stored definition = reader.tableDescription().orElseThrow(() -> new IllegalStateException(
                "The backup has no _table.json for " + job.table() + ": run backfill (it writes it) first"));
        ScratchTable scratch = ScratchTable.create(dynamoDb, definition, scratchName);
        long restored = 0;
        VerifyReport comparison = null;
        String failure = null;
        boolean deleted;
        try {
            restored = restore(job, time, scratch.name(), showRestoreProgress);
            comparison = new Verifier(dynamoDb, s3, threads).compare(job.at(time), scratch.name(), progress);
        } catch (Exception e) {
            failure = e.getMessage() != null ? e.getMessage() : e.toString();
        } finally {
            deleted = scratch.delete();
        }
        return new DrillReport(job.table(), time, scratch.name(), restored, comparison, failure, deleted,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The backup's state at T into the (new, empty) scratch table, by the restore engine. */
    private long restore(VerifyJobSpec job, Instant time, String table, boolean showProgress) throws Exception {
        RestoreJobSpec restore = new RestoreJobSpec(job.backup(), time, job.tenant(), null, table, false, false, true, false,
                false, false, 0);
        RestoreReport report = new RestoreJob(s3, dynamoDb).withPartitionConcurrency(threads).withProgress(showProgress)
                .run(restore, Segment.all(), PartitionGate.always());
        if (!report.ok()) {
            throw new IllegalStateException("The restore " + report.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + report.message() + (report.problems().isEmpty() ? "" : " First problem: " + report.problems().get(0)));
        }
        return report.itemsWritten();
    }
}
