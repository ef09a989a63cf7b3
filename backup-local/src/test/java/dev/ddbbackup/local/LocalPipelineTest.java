package dev.ddbbackup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.stream.PollerOptions;
import dev.ddbbackup.testing.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * End to end through DynamoDB Local's real stream, the poller, the real function and a versioned
 * S3 server, all over loopback HTTP: for every key the bucket's latest state equals the table and
 * each object's versions are exactly the table's images, in order.
 */
class LocalPipelineTest {

    private static EmbeddedServers servers;

    @BeforeAll
    static void start() {
        servers = EmbeddedServers.start(0, 0);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static ClientSettings.Builder settings() {
        return ClientSettings.builder()
                .dynamoDbEndpoint(servers.dynamoDbEndpoint())
                .s3Endpoint(servers.s3Endpoint())
                .region(Region.US_EAST_1)
                // The servers share the CPU with everything else here (see TestTimeouts).
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    private static LocalPipeline.Options options(String name, int operations) {
        LocalPipeline.Options o = new LocalPipeline.Options();
        o.table = name;
        o.bucket = name.toLowerCase();
        o.operations = operations;
        o.keys = 60;
        o.seed = name.hashCode();
        o.poller = new PollerOptions(50, Duration.ofMillis(50), -1, Duration.ofMillis(250),
                Duration.ofMillis(20), Duration.ofMillis(200), false);
        return o;
    }

    private static LocalPipeline.Report run(ClientSettings settings, LocalPipeline.Options options) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPipeline.Report report = new LocalPipeline(settings, options,
                new PrintStream(log, true, StandardCharsets.UTF_8)).run(done -> { });
        System.out.printf("%s: %d changes, %d delivered in %d invocations (%d partly failed, %d re-delivered),"
                + " workload %d ms, catch-up %d ms%n", options.table, report.changesMade,
                report.poller.recordsDelivered(), report.poller.invocations(), report.poller.failedInvocations(),
                report.poller.redeliveredRecords(), report.workloadMillis,
                report.catchUpMillis);
        assertThat(report.check.problems).as("backup check problems").isEmpty();
        return report;
    }

    @Test
    void md5NamesWithTenantsMatchTheTableAndItsHistory() throws Exception {
        LocalPipeline.Report report = run(settings().build(), options("PipelineMd5", 300));
        assertThat(report.changesMade).isEqualTo(300);
        assertThat(report.poller.recordsDelivered()).isEqualTo(300);
        assertThat(report.tenantMoves).isPositive();
        assertThat(report.check.deleteMarkers).isPositive();
        assertThat(report.check.historyVersionsMatched).isEqualTo(report.check.versions);
    }

    @Test
    void plainTextNamesWithoutTenants() throws Exception {
        LocalPipeline.Options options = options("PipelinePlain", 200);
        options.plainTextKeys = true;
        options.multiTenancy = false;
        LocalPipeline.Report report = run(settings().build(), options);
        assertThat(report.poller.recordsDelivered()).isEqualTo(200);
        assertThat(report.check.historyVersionsMatched).isPositive();
    }

    @Test
    void s3FaultsLoseNothingAndKeepOrder() throws Exception {
        S3Chaos chaos = new S3Chaos(0.08, 0.02);
        LocalPipeline.Options options = options("PipelineChaos", 250);
        options.poller = new PollerOptions(25, Duration.ofMillis(50), -1, Duration.ofMillis(250),
                Duration.ofMillis(20), Duration.ofMillis(100), false);
        LocalPipeline.Report report = run(settings().addInterceptor(chaos).build(), options);
        assertThat(chaos.transientFaults.get()).as("transient faults injected").isPositive();
        assertThat(chaos.doomedRequests.get()).as("requests failed on every attempt").isPositive();
        assertThat(report.poller.failedInvocations()).as("batches reported as partly failed").isPositive();
        assertThat(report.poller.redeliveredRecords()).isPositive();
        assertThat(report.poller.recordsDelivered()).isEqualTo(250);
    }
}
