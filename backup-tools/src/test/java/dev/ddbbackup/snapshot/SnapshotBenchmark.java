package dev.ddbbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Snapshot throughput: 20,000 items with 3 versions each (INSERT, MODIFY, MODIFY through the real
 * handler into S3Mock), then a snapshot of the latest state to a directory and to S3Mock.
 * Not in the default build: {@code mvn -pl backup-tools -am test -Dtest=SnapshotBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=benchmark -DexcludedGroups= -Dbenchmark.items=N}.
 */
@Tag("benchmark")
class SnapshotBenchmark {

    /** {@code -Dbenchmark.items=N}: S3Mock's PUTs slow down as a bucket grows, so loading 60,000 versions takes over an hour. */
    static final int ITEMS = Integer.getInteger("benchmark.items", 20_000);
    static final int VERSIONS = 3;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void snapshotOfItemsWith3VersionsEach(@TempDir Path dir) throws Exception {
        S3Client s3 = LocalServers.s3();
        LocalS3.createVersionedBucket(s3, "bench-source");
        s3.createBucket(b -> b.bucket("bench-out"));
        BackupHandler handler = new BackupHandler(BackupConfig.builder().bucket("bench-source").prefix("bk").build(), s3,
                () -> { throw new IllegalStateException("no DynamoDB in this benchmark (no _table.json)"); },
                new JsonLog(QUIET, JsonLog.Level.ERROR), new EmfMetrics(QUIET));
        Events events = new Events("Bench");
        long loadStart = System.nanoTime();
        for (int v = 0; v < VERSIONS; v++) {
            events.at(Instant.parse("2026-11-21T08:00:00Z").plusSeconds(3600L * v));
            List<DynamodbStreamRecord> batch = new ArrayList<>(1000);
            for (int i = 0; i < ITEMS; i++) {
                Map<String, AttributeValue> keys = Events.item("id", Events.s("item-" + i));
                Map<String, AttributeValue> image = Events.item("id", Events.s("item-" + i), "version", Events.n(Integer.toString(v)),
                        "payload", Events.s("x".repeat(200)), "n", Events.n(Integer.toString(i)));
                batch.add(v == 0 ? events.insert(keys, image) : events.modify(keys, image, image));
                if (batch.size() == 1000) {
                    assertThat(handler.handleRequest(Events.event(batch), null).getBatchItemFailures()).isEmpty();
                    batch.clear();
                }
            }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        BackupRead backup = BackupRead.of(new BackupLocation("bench-source", "bk", "Bench")).withConcurrency(64);
        Snapshot snapshot = new Snapshot(s3, Clock.systemUTC(), 8);
        SnapshotReport toDir = snapshot.run(new SnapshotJobSpec(backup, Instant.now(), null, dir.toString(), 8L << 20,
                false, false), Progress.none());
        SnapshotReport toS3 = snapshot.run(new SnapshotJobSpec(backup, Instant.now(), null, "s3://bench-out/bench/",
                8L << 20, false, false), Progress.none());

        assertThat(toDir.manifest().itemCount()).isEqualTo(ITEMS);
        assertThat(toS3.manifest().itemCount()).isEqualTo(ITEMS);
        String result = String.format("load: %d versions in %.1f s (%.0f versions/s, real handler into S3Mock)%n"
                        + "snapshot to DIR: %d items, %d files, %,d bytes gzip, %.2f s, %.0f items/s%n"
                        + "snapshot to S3:  %d items, %d files, %,d bytes gzip, %.2f s, %.0f items/s%n",
                ITEMS * VERSIONS, loadSeconds, ITEMS * VERSIONS / loadSeconds,
                toDir.manifest().itemCount(), toDir.manifest().files().size(), toDir.manifest().bytes(),
                toDir.elapsedMillis() / 1000.0, toDir.itemsPerSecond(),
                toS3.manifest().itemCount(), toS3.manifest().files().size(), toS3.manifest().bytes(),
                toS3.elapsedMillis() / 1000.0, toS3.itemsPerSecond());
        System.out.print(result);
        Files.writeString(Path.of("target", "snapshot-benchmark.txt"), result);
    }
}
