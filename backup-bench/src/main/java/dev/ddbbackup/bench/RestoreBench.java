package dev.ddbbackup.bench;

import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Restore and snapshot of a backup written by the real function (N items, 3 versions each): the
 * restore engine ({@link RestoreJob}) next to {@link NaiveRestore} into DynamoDB Local, and the
 * snapshot engine ({@link Snapshot}) into a local directory, with per-operation request times.
 */
final class RestoreBench {

    static final int VERSIONS = 3;
    static final int ITEM_BYTES = 300;
    /**
     * The restore engine's settings (here and in the checkpoint section): the CLI's defaults, with 256
     * partitions (S3Mock pages badly past 1,000 versions).
     */
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
    /** The clients of every job here, timed by {@link #timer}. */
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    RestoreBench(BenchServers servers, Consumer<String> progress) {
        this.servers = servers;
        this.progress = progress;
        this.s3 = servers.s3(timer);
        this.dynamoDb = servers.dynamoDb(timer);
    }

    Result run(int items, boolean withNaive, Path work) throws Exception {
        String source = "restore" + items;
        servers.createTable(source);
        progress.accept(String.format("restore: backing up %,d items x %d versions through the function", items, VERSIONS));
        long start = System.nanoTime();
        servers.backUp(source, items, ITEM_BYTES, VERSIONS, v -> null);
        double backupSeconds = Samples.secondsSince(start);
        Instant time = Instant.now();

        progress.accept(String.format("restore: %,d items with the restore engine", items));
        timer.drain();
        TimedRestore engine = restore(servers, s3, dynamoDb, read(source, true), time, source + "-restored");
        RestoreReport report = engine.report();
        Map<String, long[]> engineRequests = timer.drain();

        NaiveRestore.Result naive = null;
        Map<String, long[]> naiveRequests = Map.of();
        if (withNaive) {
            progress.accept(String.format("restore: %,d items with the naive baseline", items));
            String naiveTarget = source + "-naive";
            servers.createTable(naiveTarget);
            naive = NaiveRestore.run(s3, BenchServers.BUCKET, source, dynamoDb, naiveTarget, time);
            naiveRequests = timer.drain();
        }

        progress.accept(String.format("snapshot: %,d items", items));
        Path dir = Files.createDirectories(work.resolve("snapshot-" + items));
        start = System.nanoTime();
        SnapshotJobSpec snapshotJob = SnapshotJobSpec.of(BackupRead.of(new BackupLocation(BenchServers.BUCKET, "", source))
                .withConcurrency(SNAPSHOT_CONCURRENCY), time, dir.toString());
        SnapshotReport snapshot = new Snapshot(s3, Clock.systemUTC(), SNAPSHOT_THREADS)
                .run(snapshotJob, Progress.none());
        double snapshotSeconds = Samples.secondsSince(start);
        long bytes = snapshot.manifest().bytes();
        // A rate is only worth reporting for a complete result.
        complete("restore engine", report.counts().total().puts(), items);
        if (naive != null) {
            complete("naive restore", naive.items, items);
        }
        complete("snapshot", snapshot.manifest().itemCount(), items);
        return new Result(items, backupSeconds, engine.seconds(), report.counts().total().puts(), report.timeSource(),
                engineRequests, naive, naiveRequests, snapshotSeconds, snapshot.manifest().itemCount(), bytes,
                snapshot.manifest().files().size(), timer.drain());
    }

    /** A restore and the seconds it took. */
    record TimedRestore(RestoreReport report, double seconds) {
    }

    /** {@code table}'s backup as the restore engine reads it here, with its checkpoints or without. */
    static BackupRead read(String table, boolean checkpoints) {
        return new BackupRead(new BackupLocation(BenchServers.BUCKET, "", table), PartitionWidth.P256, TimeSource.AUTO,
                checkpoints, GET_CONCURRENCY);
    }

    /** The restore engine with the settings above, as of {@code time} into the new table {@code target}, timed. */
    static TimedRestore restore(BenchServers servers, S3Client s3, DynamoDbClient dynamoDb, BackupRead read,
            Instant time, String target) throws InterruptedException {
        servers.createTable(target);
        long start = System.nanoTime();
        RestoreReport report = new RestoreJob(s3, dynamoDb).withPartitionConcurrency(PARTITION_CONCURRENCY)
                .run(RestoreJobSpec.of(read, time, target), Segment.all(), PartitionGate.always());
        return new TimedRestore(report, Samples.secondsSince(start));
    }

    private static void complete(String job, long written, int items) {
        if (written != items) {
            throw new IllegalStateException(String.format("The %s wrote %,d items of %,d: the benchmark stops", job,
                    written, items));
        }
    }
}
