package dev.ddbbackup.bench;

import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.bench.probe.StreamBatch;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.snapshot.Snapshot;
import dev.ddbbackup.snapshot.SnapshotReport;
import dev.ddbbackup.state.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Restore and snapshot of a backup written by the real function (N items, 3 versions each): the
 * restore engine ({@link RestoreJob}) next to {@link NaiveRestore} into DynamoDB Local, and the
 * snapshot engine ({@link Snapshot}) into a local directory, with per-operation request times.
 */
final class RestoreBench {

    static final int VERSIONS = 3;
    static final int ITEM_BYTES = 300;
    /** The restore engine's settings: the CLI's defaults, with 256 partitions (S3Mock pages badly past 1,000 versions). */
    static final int GET_CONCURRENCY = 64;
    static final int PARTITION_CONCURRENCY = 8;
    /** The snapshot engine's settings: the CLI's defaults. */
    static final int SNAPSHOT_THREADS = 8;
    static final int SNAPSHOT_CONCURRENCY = 32;

    /** One data size: the backup, the engine, the baseline (null when skipped) and the snapshot. */
    record Result(int items, double backupSeconds, double engineSeconds, long engineItems, String timeSource,
            Map<String, long[]> engineRequests, NaiveRestore.Result naive, Map<String, long[]> naiveRequests,
            double snapshotSeconds, long snapshotItems, long snapshotBytes, int snapshotFiles,
            Map<String, long[]> snapshotRequests) {
    }

    private final BenchServers servers;
    private final Consumer<String> progress;
    private final RequestTimer timer = new RequestTimer();
    private long sequence = 900_000_000_000L;

    RestoreBench(BenchServers servers, Consumer<String> progress) {
        this.servers = servers;
        this.progress = progress;
    }

    Result run(int items, boolean withNaive, Path work) throws Exception {
        String source = "restore" + items;
        servers.createTable(source);
        progress.accept(String.format("restore: backing up %,d items x %d versions through the function", items, VERSIONS));
        long start = System.nanoTime();
        backUp(source, items);
        double backupSeconds = Samples.secondsSince(start);
        Instant time = Instant.now();

        progress.accept(String.format("restore: %,d items with the restore engine", items));
        String target = source + "-restored";
        servers.createTable(target);
        timer.drain();
        BackupRead read = new BackupRead(new BackupLocation(BenchServers.BUCKET, "", source), PartitionWidth.P256,
                TimeSource.AUTO, true, GET_CONCURRENCY);
        start = System.nanoTime();
        RestoreReport report = new RestoreJob(servers.timedS3(timer), servers.timedDynamoDb(timer))
                .withPartitionConcurrency(PARTITION_CONCURRENCY)
                .run(RestoreJobSpec.of(read, time, target), Segment.all(), PartitionGate.always());
        double engineSeconds = Samples.secondsSince(start);
        Map<String, long[]> engineRequests = timer.drain();

        NaiveRestore.Result naive = null;
        Map<String, long[]> naiveRequests = Map.of();
        if (withNaive) {
            progress.accept(String.format("restore: %,d items with the naive baseline", items));
            String naiveTarget = source + "-naive";
            servers.createTable(naiveTarget);
            naive = NaiveRestore.run(servers.timedS3(timer), BenchServers.BUCKET, source, servers.timedDynamoDb(timer),
                    naiveTarget, time);
            naiveRequests = timer.drain();
        }

        progress.accept(String.format("snapshot: %,d items", items));
        Path dir = Files.createDirectories(work.resolve("snapshot-" + items));
        start = System.nanoTime();
        SnapshotJobSpec snapshotJob = SnapshotJobSpec.of(BackupRead.of(new BackupLocation(BenchServers.BUCKET, "", source))
                .withConcurrency(SNAPSHOT_CONCURRENCY), time, dir.toString());
        SnapshotReport snapshot = new Snapshot(servers.timedS3(timer), Clock.systemUTC(), SNAPSHOT_THREADS)
                .run(snapshotJob, Progress.none());
        double snapshotSeconds = Samples.secondsSince(start);
        long bytes = snapshot.manifest().bytes();
        // A rate is only worth reporting for a complete result.
        complete("restore engine", report.counts().total().puts(), items);
        if (naive != null) {
            complete("naive restore", naive.items, items);
        }
        complete("snapshot", snapshot.manifest().itemCount(), items);
        return new Result(items, backupSeconds, engineSeconds, report.counts().total().puts(), report.timeSource(),
                engineRequests, naive, naiveRequests, snapshotSeconds, snapshot.manifest().itemCount(), bytes,
                snapshot.manifest().files().size(), timer.drain());
    }

    /** N items, each changed {@link #VERSIONS} times, in batches of 1,000 records through the real handler. */
    private void backUp(String table, int items) {
        BackupHandler handler = new BackupHandler(BackupConfig.builder().bucket(BenchServers.BUCKET).build(),
                servers.s3(BackupConfig.DEFAULT_WRITE_CONCURRENCY), servers::dynamoDb, JsonLog.discard(),
                EmfMetrics.discard());
        for (int v = 0; v < VERSIONS; v++) {
            for (int from = 0; from < items; from += 1000) {
                int[] keys = new int[Math.min(1000, items - from)];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = from + i;
                }
                StreamBatch batch = new StreamBatch(table, ITEM_BYTES, sequence);
                sequence += keys.length;
                if (!handler.handleRequest(batch.event(keys), null).getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("The function failed records while writing the backup");
                }
            }
        }
    }

    private static void complete(String job, long written, int items) {
        if (written != items) {
            throw new IllegalStateException(String.format("The %s wrote %,d items of %,d: the benchmark stops", job,
                    written, items));
        }
    }
}
