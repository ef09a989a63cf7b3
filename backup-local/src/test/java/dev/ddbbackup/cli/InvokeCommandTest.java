package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ddbbackup.local.cli.LocalMain;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** `invoke` runs the real handler on the sample events and prints the partial batch response. */
class InvokeCommandTest {

    @RegisterExtension
    static final S3MockExtension S3 = LocalS3.extension();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeAll
    static void credentialsFromTheStandardChain() {
        LocalServers.credentialsForCommandLines();
    }

    @AfterAll
    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void captureOut() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOut() {
        System.setOut(originalOut);
    }

    private int invoke(String event, String bucket, String... extra) {
        String[] base = {"invoke", "--event", "../events/" + event, "--bucket", bucket, "--prefix", "bk",
                "--s3-endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "--region", "us-east-1"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return LocalMain.run(args);
    }

    @Test
    void mixedBatchIsWrittenAndReportsNoFailures() {
        S3Client s3 = LocalS3.client(S3);
        LocalS3.createVersionedBucket(s3, "invoke-mixed");
        int exit = invoke("mixed-batch.json", "invoke-mixed");
        assertThat(exit).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"batchItemFailures\" : [ ]");
        assertThat(LocalS3.keysUnder(s3, "invoke-mixed", "bk/Orders/_changes/")).hasSize(1);
    }

    @Test
    void keysOnlyRecordIsQuarantinedNotFailed() {
        S3Client s3 = LocalS3.client(S3);
        LocalS3.createVersionedBucket(s3, "invoke-keys-only");
        assertThat(invoke("keys-only.json", "invoke-keys-only")).isEqualTo(Main.EXIT_OK);
        assertThat(LocalS3.keysUnder(s3, "invoke-keys-only", "bk/Orders/_quarantine/")).hasSize(1);
    }

    @Test
    void aMissingBucketFailsTheRecordsAndExitsWithOne() {
        int exit = invoke("insert.json", "no-such-bucket");
        assertThat(exit).isEqualTo(Main.EXIT_PROBLEM);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("itemIdentifier");
    }

    @Test
    void aBadConfigurationValueIsAUsageError() {
        assertThat(invoke("insert.json", "x-bucket", "--plain-text-keys", "maybe")).isEqualTo(Main.EXIT_USAGE);
    }
}
