package dev.ddbbackup.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LambdaContext;
import dev.ddbbackup.testing.LocalS3;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Priming for a SnapStart init runs the whole hot path, sends nothing anywhere and leaves the
 * function exactly as it was: its bucket untouched, its first real batch written as usual.
 */
class PrimingTest {

    @Test
    void primingServesEveryWriteInMemoryAndReachesNoServer() {
        // Nothing listens on port 9: a single request leaving the process would fail the run.
        ClientSettings settings = ClientSettings.builder().region(Region.US_EAST_1)
                .s3Endpoint(URI.create("http://127.0.0.1:9")).build();
        BackupConfig config = BackupConfig.builder().bucket("primed").multiTenancyColumn("tenant").build();
        long requests = Priming.run(config, settings, Priming.Plan.exactly(3, 200));
        // Every record is one PUT or DELETE, and each batch writes one change log.
        assertThat(requests).isEqualTo(3 * 200 + 3);
    }

    @Test
    void primingPrimesTheConfiguredStorageMode() {
        ClientSettings settings = ClientSettings.builder().region(Region.US_EAST_1)
                .s3Endpoint(URI.create("http://127.0.0.1:9")).build();
        BackupConfig config = BackupConfig.builder().bucket("primed").multiTenancyColumn("tenant")
                .storageMode(StorageMode.LOG).build();
        // In log mode a batch is one segment PUT, whatever its size.
        assertThat(Priming.run(config, settings, Priming.Plan.exactly(3, 200))).isEqualTo(3);
    }

    @Test
    void primingOnAwsEndpointsToo() {
        ClientSettings settings = ClientSettings.builder().region(Region.EU_WEST_1).build();
        assertThat(Priming.run(BackupConfig.builder().bucket("primed-on-aws").build(), settings, Priming.Plan.exactly(1, 50)))
                .isEqualTo(51);
    }

    @Test
    void underC2PrimingGoesOnUntilCompilationSettlesWithinItsLimits() {
        ClientSettings settings = ClientSettings.builder().region(Region.US_EAST_1)
                .s3Endpoint(URI.create("http://127.0.0.1:9")).build();
        BackupConfig config = BackupConfig.builder().bucket("primed").build();
        long requests = Priming.run(config, settings, new Priming.Plan(2, 6, Duration.ofDays(1), 20));
        // Whole batches of 20 writes and a change log each, at least the minimum, at most the maximum.
        assertThat(requests % 21).isZero();
        assertThat(requests / 21).isBetween(2L, 6L);
    }

    @Test
    void theTimeBudgetEndsPrimingOnceTheMinimumIsDone() {
        ClientSettings settings = ClientSettings.builder().region(Region.US_EAST_1)
                .s3Endpoint(URI.create("http://127.0.0.1:9")).build();
        BackupConfig config = BackupConfig.builder().bucket("primed").build();
        assertThat(Priming.run(config, settings, new Priming.Plan(3, 1_000, Duration.ZERO, 20))).isEqualTo(3 * 21);
    }

    @Test
    void thePlanFollowsTheJitOfThisJvm() {
        boolean c1Only = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.matches("-XX:TieredStopAtLevel=[0-3]"));
        assertThat(Priming.c2InUse()).isEqualTo(!c1Only);
        assertThat(Priming.Plan.forThisJvm()).isEqualTo(c1Only ? Priming.Plan.C1 : Priming.Plan.TIERED);
        assertThat(Priming.Plan.C1.maxBatches()).isEqualTo(Priming.Plan.C1.minBatches());
        assertThat(Priming.Plan.TIERED.minBatches() * Priming.Plan.TIERED.recordsPerBatch())
                .as("past the C2 compile thresholds (thousands of calls)").isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void onlyASnapStartInitPrimes() {
        assertThat(Priming.wanted(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))).isTrue();
        assertThat(Priming.wanted(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"))).isFalse();
        assertThat(Priming.wanted(Map.of())).isFalse();
    }

    @Test
    void aPrimedHandlerLeavesItsBucketUntouchedAndBacksUpAsUsual() {
        S3Client s3 = LocalS3.client(LocalS3.shared());
        LocalS3.createVersionedBucket(s3, "primed-handler");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        env.put("BackupBucket", "primed-handler");
        env.put("AWS_ENDPOINT_URL_S3", LocalS3.settings(LocalS3.shared()).s3Endpoint().orElseThrow().toString());
        // No DynamoDB here: the table description fails fast and is skipped, as the function allows.
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        BackupHandler handler = BackupHandler.fromEnvironment(env).priming(Priming.Plan.exactly(2, 100)).build();
        assertThat(LocalS3.keysUnder(s3, "primed-handler", "")).as("priming wrote nothing").isEmpty();

        var keys = Events.item("pk", Events.s("a"));
        var record = new Events("Orders").insert(keys, Events.item("pk", Events.s("a"), "v", Events.n("1")));
        // A deadline, so the table description (no DynamoDB here) is waited for only so long.
        StreamsEventResponse response = handler.handleRequest(Events.event(List.of(record)),
                LambdaContext.withTimeout(Duration.ofSeconds(15)));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(LocalS3.keysUnder(s3, "primed-handler", "")).anyMatch(k -> k.startsWith("Orders/_changes/"))
                .anyMatch(k -> k.startsWith("Orders/") && !k.contains("_changes"));
    }
}
