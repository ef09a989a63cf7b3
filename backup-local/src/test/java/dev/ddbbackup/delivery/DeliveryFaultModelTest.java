package dev.ddbbackup.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.local.s3.S3MockServer;
import dev.ddbbackup.testing.LocalServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Restore and history stay exact whatever way Lambda delivers the stream: a random workload goes
 * through the real backup function with partial batch failures and redelivery from the lowest
 * reported record, whole batches delivered twice, change logs that fail to land (or land with the
 * answer lost), S3 writes rejected, lost or throttled, and lag (every version is written long
 * after its stream time); restores at random times and {@code now}, and every item's history,
 * must equal the independent model (see {@link DeliveryFaultModel}). Checkpoints are built at
 * random times during the delivery (so change logs at or before their time land after them) and
 * after it; every restore point is read again from the newest checkpoint at or before it; then the
 * retention lifecycle's deletions are simulated and restores inside the window must stay exact,
 * restores before it refused. Random windows of changes are read ({@code changes}) and reverted
 * ({@code revert}) into a table holding the final state, and must agree with the model too ({@link
 * ChangeWindowCheck}). Each run is made in both storage modes (object versions and change
 * logs; log segments).
 *
 * <p>{@code mvn -B verify} runs it with a fixed seed. {@code -Dseed=N} replays a run,
 * {@code -Dseed=random} draws one (printed in every failure). The long run (10,000 changes, 150
 * restore points) is opt-in, see docs/TESTING.md:
 * {@code mvn -B -pl backup-tools -am verify -Dtest=DeliveryFaultModelTest -Dgroups=long -DexcludedGroups=
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DeliveryFaultModelTest {

    static final long DEFAULT_SEED = 20261127L;

    static long seed() {
        String value = System.getProperty("seed", "").strip();
        if (value.isEmpty()) {
            return DEFAULT_SEED;
        }
        return "random".equals(value) ? new SecureRandom().nextLong() : Long.parseLong(value);
    }

    /**
     * In log mode, the same workload and deliveries (same seed): the changes are log segments (one
     * per batch and table), restored and checkpointed from them; the lifecycle expires the segments
     * a kept checkpoint holds.
     */
    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void md5NamesWithTenantMovesStayExactUnderDeliveryFaults(StorageMode mode) throws Exception {
        DeliveryFaultModel.Config config = new DeliveryFaultModel.Config();
        config.seed = seed();
        config.storageMode = mode;
        check(run(config));
    }

    /**
     * A backup that switched mode: the function redeployed from objects to log mode mid-delivery
     * (batches that failed before the switch delivered again after it), restored exactly across
     * the switch, from the full history and from checkpoints on either side of it.
     */
    @Test
    void switchFromObjectsToLogModeMidDeliveryStaysExact() throws Exception {
        DeliveryFaultModel.Config config = new DeliveryFaultModel.Config();
        config.seed = seed();
        config.switchTo = StorageMode.LOG;
        config.switchAfter = 12;
        check(run(config));
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void plainTextNamesStayExactUnderDeliveryFaults(StorageMode mode) throws Exception {
        DeliveryFaultModel.Config config = new DeliveryFaultModel.Config();
        config.seed = seed() + 1;
        config.changes = 200;
        config.keys = 20;
        config.plainTextKeys = true;
        config.multiTenancy = false;
        config.restorePoints = 25;
        config.fullRestores = 2;
        config.commandLine = false;
        config.storageMode = mode;
        check(run(config));
    }

    /**
     * The long run. It uses the local pipeline's S3Mock (with its version-listing fix: stock S3Mock
     * loses versions past 1,000 in one prefix, and hot keys pass that) on a port of its own.
     */
    @Test
    @Tag("long")
    void longRun() throws Exception {
        DeliveryFaultModel.Config config = new DeliveryFaultModel.Config();
        config.seed = System.getProperty("seed") == null ? new SecureRandom().nextLong() : seed();
        config.changes = Integer.getInteger("changes", 10_000);
        config.keys = Integer.getInteger("keys", 400);
        config.shards = 4;
        config.maxBatch = 100;
        config.restorePoints = Integer.getInteger("restorePoints", 150);
        config.fullRestores = Integer.getInteger("fullRestores", 20);
        try (S3MockServer s3 = S3MockServer.start(0, true, Duration.ZERO)) {
            DeliveryFaultModel.Result result = new DeliveryFaultModel(s3.endpoint(), LocalServers.dynamoDbEndpoint(),
                    LocalServers.dynamoDb()).run(config);
            Path out = Path.of("target", "delivery-fault-model-long.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, result.summary() + String.join("\n", result.mismatches));
            check(result);
        }
    }

    /** A run against the shared servers of this JVM. */
    private static DeliveryFaultModel.Result run(DeliveryFaultModel.Config config) throws Exception {
        return new DeliveryFaultModel(LocalServers.s3Endpoint(), LocalServers.dynamoDbEndpoint(), LocalServers.dynamoDb())
                .run(config);
    }

    private static void check(DeliveryFaultModel.Result result) throws IOException {
        System.out.print(result.summary());
        assertThat(result.mismatches)
                .as("%s%nReplay with -Dseed=%d%n", result.summary(), result.config.seed)
                .isEmpty();
        // The run must have exercised the faults it is about.
        assertThat(result.delivery.partlyFailed).as("partly failed batches").isPositive();
        assertThat(result.delivery.batchesDeliveredTwice).as("batches delivered twice").isPositive();
        assertThat(result.rejected + result.lost).as("S3 writes failed").isPositive();
        assertThat(result.redundantEntries).as("redundant deliveries in the bucket").isPositive();
        // Checkpoints at random positions, some with change logs still to come, and expired history.
        assertThat(result.checkpointsMidDelivery).as("checkpoints built mid-delivery").isPositive();
        assertThat(result.pointsFromCheckpoint).as("restore points read from a checkpoint").isPositive();
        assertThat(result.lateLinesApplied).as("late change-log lines applied on top of a checkpoint").isPositive();
        assertThat(result.versionsExpired).as("versions the lifecycle expired").isPositive();
        assertThat(result.restoredInsideWindow).as("restores inside the retention window").isPositive();
        assertThat(result.refusedOutsideWindow).as("restores outside the retention window refused").isPositive();
        assertThat(result.windowsChecked).as("change windows read and reverted").isPositive();
        assertThat(result.itemsReverted).as("items a revert wrote back").isPositive();
    }
}
