package dev.ddbbackup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.local.cli.LocalMain;
import dev.ddbbackup.stream.PollerOptions;
import dev.ddbbackup.testing.CredentialProperties;
import dev.ddbbackup.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The local pipeline with moto_server as DynamoDB, DynamoDB Streams and S3 instead of the embedded
 * servers: {@code local --endpoint URL} exactly as a user runs it against another server, and the
 * S3-faults scenario of {@link LocalPipelineTest} through moto's stream.
 */
@ExtendWith(MotoServer.Extension.class)
class LocalPipelineOnMotoTest {

    @Test
    void localWithEndpointBacksUpThroughMotosStreamAndPassesTheCheck(@TempDir Path dir) {
        // A server of its own: the command uses fixed names (table Orders, bucket ddb-backup-local).
        MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
        try (CredentialProperties credentials = CredentialProperties.set("test", "test")) {
            StringWriter err = new StringWriter();
            CommandLine cl = LocalMain.commandLine();
            cl.setErr(new PrintWriter(err, true));
            PrintStream stdout = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = cl.execute("local", "--endpoint", moto.endpoint().toString(), "--region", "us-east-1",
                        "--operations", "100", "--keys", "30", "--batch-size", "50", "--batching-window-ms", "50",
                        "--function-log", dir.resolve("function.log").toString());
            } finally {
                System.setOut(stdout);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed + err).isEqualTo(Main.EXIT_OK);
            assertThat(printed).contains("records delivered 100 of 100 read").contains("check             PASSED");
        } finally {
            moto.stop();
        }
    }

    @Test
    void s3FaultsLoseNothingAndKeepOrder() throws Exception {
        S3Chaos chaos = new S3Chaos(0.08, 0.05);
        LocalPipeline.Options options = new LocalPipeline.Options();
        options.table = "MotoChaos";
        options.bucket = "moto-chaos";
        options.operations = 120;
        options.keys = 40;
        options.seed = 11;
        options.poller = new PollerOptions(25, Duration.ofMillis(50), -1, Duration.ofMillis(250),
                Duration.ofMillis(20), Duration.ofMillis(100), false);
        ClientSettings settings = MotoServer.shared().settings().toBuilder().addInterceptor(chaos).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPipeline.Report report = new LocalPipeline(settings, options, new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(done -> { });
        assertThat(report.check.problems).as("backup check problems").isEmpty();
        assertThat(chaos.transientFaults.get()).as("transient faults injected").isPositive();
        assertThat(chaos.doomedRequests.get()).as("requests failed on every attempt").isPositive();
        assertThat(report.poller.failedInvocations()).as("batches reported as partly failed").isPositive();
        assertThat(report.poller.recordsDelivered()).isEqualTo(120);
        assertThat(report.check.historyVersionsMatched).isPositive();
    }
}
