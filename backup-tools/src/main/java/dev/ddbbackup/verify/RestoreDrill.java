package dev.ddbbackup.verify;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.state.StateAtTime;
import dev.ddbbackup.table.BatchWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A restore drill: restore the backup's state at T into a scratch table, compare that table with
 * the backup's state at T item by item, and delete the scratch table, always. Proves that the
 * backup can actually be restored, not only that objects exist.
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

    public DrillReport run(Instant time, String scratchName, Progress progress) throws Exception {
        Objects.requireNonNull(time, "time");
        long started = System.nanoTime();
        BackupReader reader = BackupReader.builder(s3, options.bucket, options.backupTable).prefix(options.prefix)
                .concurrency(options.concurrency).build();
        TableDescriptionJson.Stored definition = reader.tableDescription().orElseThrow(() -> new IllegalStateException(
                "The backup has no _table.json for " + options.backupTable + ": run backfill (it writes it) first"));
        ScratchTable scratch = ScratchTable.create(dynamoDb, definition, scratchName);
        long restored = 0;
        VerifyReport comparison = null;
        String failure = null;
        boolean deleted;
        try {
            restored = restore(reader, time, scratch.name(), progress);
            comparison = new Verifier(dynamoDb, s3, options).compare(scratch.name(), time, progress);
        } catch (Exception e) {
            failure = e.toString();
        } finally {
            deleted = scratch.delete();
        }
        return new DrillReport(options.backupTable, time, scratch.name(), restored, comparison, failure, deleted,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The backup's state at T into the table, with the backup reader and BatchWriteItem (one
     * writer per thread). The restore engine (restore command) does the same with more options;
     * the drill only needs the items.
     */
    private long restore(BackupReader reader, Instant time, String table, Progress progress) throws Exception {
        BackupScope scope = options.tenant == null ? BackupScope.all() : BackupScope.tenant(options.tenant);
        List<BatchWriter> writers = new ArrayList<>();
        try (BackupView view = reader.open(scope)) {
            StateAtTime states = new StateAtTime(view, time, options.concurrency);
            progress.start("Restore into " + table, states.partitions().size(), "partitions");
            states.run(options.threads, thread -> {
                BatchWriter writer = new BatchWriter(dynamoDb, table);
                synchronized (writers) {
                    writers.add(writer);
                }
                return state -> writer.put(state.item);
            }, () -> progress.step(1));
            long written = 0;
            for (BatchWriter w : writers) {
                w.close();
                written += w.written();
            }
            return written;
        }
    }
}
