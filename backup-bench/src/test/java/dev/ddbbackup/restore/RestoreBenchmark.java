package dev.ddbbackup.restore;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.bench.NaiveRestore;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Restore of 20,000 items with 3 versions each (written through the real function into S3Mock)
 * into DynamoDB Local, against a naive restore measured in the same run. Not part of the default
 * build: {@code mvn -pl backup-tools -am test -Dgroups=benchmark -DexcludedGroups=}.
 *
 * <p>{@code -Dbenchmark.items=N} changes the size. S3Mock's PUTs slow down as its bucket grows
 * (about 12 writes/s at 16,000 objects on a 2-core machine), so writing the full 60,000 versions
 * takes over an hour there; both restores read the same S3Mock, so the comparison holds at any size.
 */
@Tag("benchmark")
class RestoreBenchmark {

    @RegisterExtension
    static final S3MockExtension S3 = LocalS3.extension();

    static final int ITEMS = Integer.getInteger("benchmark.items", 20_000);
    static final int VERSIONS = 3;

    @Test
    void restoreAgainstNaiveBaseline() throws Exception {
        S3Client s3 = LocalS3.client(S3);
        LocalS3.createVersionedBucket(s3, "bench");
        DynamoDbClient dynamoDb = RestoreFixtures.dynamoDb(RestoreFixtures.startDynamoDbLocal());
        BackupHandler handler = new BackupHandler(BackupConfig.builder().bucket("bench").build(), s3,
                () -> { throw new IllegalStateException("no DynamoDB in this test: _table.json is skipped with a warning"); }, new JsonLog(RestoreFixtures.QUIET, JsonLog.Level.INFO),
                new EmfMetrics(RestoreFixtures.QUIET));
        Events events = new Events("Bench");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        long writeStart = System.nanoTime();
        for (int v = 0; v < VERSIONS; v++) {
            List<DynamodbStreamRecord> batch = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                Map<String, AttributeValue> keys = item("id", s("item-" + i), "range", n(Integer.toString(i % 10)));
                Map<String, AttributeValue> image = new HashMap<>(keys);
                image.put("v", n(Integer.toString(v)));
                image.put("payload", s("x".repeat(200)));
                events.at(t.plusSeconds(v * 60L + i / 1000));
                batch.add(v == 0 ? events.insert(keys, image) : events.modify(keys, image, image));
                if (batch.size() == 1000) {
                    handler.handleRequest(Events.event(batch), null);
                    batch = new ArrayList<>();
                }
            }
            handler.handleRequest(Events.event(batch), null);
        }
        System.out.printf("BENCHMARK wrote %d versions through the function in %.1f s%n", ITEMS * VERSIONS,
                (System.nanoTime() - writeStart) / 1e9);
        Instant time = Instant.now();

        RestoreFixtures.createTable(dynamoDb, "BenchRestored");
        // 256 partitions: S3Mock loses ListObjectVersions entries past one page, so partitions stay under 1,000 versions.
        BackupRead backup = BackupRead.of(new BackupLocation("bench", "", "Bench")).withWidth(PartitionWidth.P256)
                .withConcurrency(64);
        RestoreReport report = new RestoreJob(s3, dynamoDb).withPartitionConcurrency(8)
                .run(RestoreJobSpec.builder(backup, time, "BenchRestored").build(), Segment.all(), PartitionGate.always());
        System.out.printf("BENCHMARK restore: %d items in %.1f s = %.0f items/s (time source %s, %d BatchWriteItem calls)%n",
                report.itemsWritten(), report.duration().toMillis() / 1000.0, report.itemsPerSecond(), report.timeSource(),
                report.counts().batchWriteCalls());
        assertThat(report.counts().total().puts()).isEqualTo(ITEMS);
        assertThat(RestoreFixtures.contents(dynamoDb, "BenchRestored")).hasSize(ITEMS);

        RestoreFixtures.createTable(dynamoDb, "BenchNaive");
        long naiveStart = System.nanoTime();
        int naive = NaiveRestore.run(s3, "bench", "Bench", dynamoDb, "BenchNaive", time).items;
        double naiveSeconds = (System.nanoTime() - naiveStart) / 1e9;
        System.out.printf("BENCHMARK naive: %d items in %.1f s = %.0f items/s%n", naive, naiveSeconds, naive / naiveSeconds);
        assertThat(RestoreFixtures.contents(dynamoDb, "BenchNaive")).hasSize(ITEMS);
    }
}
