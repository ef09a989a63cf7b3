package dev.ddbbackup.verify;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.restore.RestoreRequest;
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
 */
public final class RestoreDrill {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final Verifier.Options options;

    public RestoreDrill(DynamoDbClient dynamoDb, S3Client s3, Verifier.Options options) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.options = options;
    }

    /** The default scratch table name: {@code {table}-drill-{yyyyMMdd-HHmmss}} of the drill's start. */
    public static String defaultScratchName(String table, Instant now) {
        return table + "-drill-" + SUFFIX.format(now);
    }

    /** @param showRestoreProgress the restore engine's own progress bar (stderr) */
    public DrillReport run(Instant time, String scratchName, Progress progress, boolean showRestoreProgress)
            throws Exception {
        Objects.requireNonNull(time, "time");
        long started = System.nanoTime();
        BackupReader reader = options.source.reader(s3, options.concurrency);
        TableDescriptionJson.Stored definition = reader.tableDescription().orElseThrow(() -> new IllegalStateException(
                "The backup has no _table.json for " + options.source.table + ": run backfill (it writes it) first"));
        ScratchTable scratch = ScratchTable.create(dynamoDb, definition, scratchName);
        long restored = 0;
        VerifyReport comparison = null;
        String failure = null;
        boolean deleted;
        try {
            restored = restore(reader, time, scratch.name(), showRestoreProgress);
            comparison = new Verifier(dynamoDb, s3, options).compare(scratch.name(), time, progress);
        } catch (Exception e) {
            failure = e.getMessage() != null ? e.getMessage() : e.toString();
        } finally {
            deleted = scratch.delete();
        }
        return new DrillReport(options.source.table, time, scratch.name(), restored, comparison, failure, deleted,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The backup's state at T into the (new, empty) scratch table, by the restore engine. */
    private long restore(BackupReader reader, Instant time, String table, boolean showProgress) throws Exception {
        RestoreReport report = new RestoreJob(reader, dynamoDb).run(RestoreRequest.builder(table, time)
                .scope(options.source.scope())
                .targetIsNew(true)
                .getConcurrency(options.concurrency)
                .partitionConcurrency(options.threads)
                .progress(showProgress)
                .build(), options.source.table);
        if (!report.ok()) {
            throw new IllegalStateException("The restore " + report.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + report.message() + (report.problems().isEmpty() ? "" : " First problem: " + report.problems().get(0)));
        }
        return report.itemsWritten();
    }
}
