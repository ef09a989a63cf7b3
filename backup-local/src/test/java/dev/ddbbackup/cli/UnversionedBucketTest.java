package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A bucket whose versioning is not Enabled would keep one state per item instead of its history:
 * {@code invoke} warns, {@code stream} and {@code local} refuse to start (exit code 2) and name the
 * bucket. Against S3Mock, with buckets whose versioning was never enabled and suspended.
 */
class UnversionedBucketTest {

    static S3Client s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void servers() {
        LocalServers.credentialsForCommandLines();
        s3 = LocalServers.s3();
    }

    private static String bucket(BucketVersioningStatus status) {
        String bucket = "unversioned-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        if (status == BucketVersioningStatus.SUSPENDED) {
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        if (status != null) {
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(status)));
        }
        return bucket;
    }

    /** Runs a command line with the local servers' endpoints; stdout, stderr and picocli's error text together. */
    private static ToolCommandsTest.Run run(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            ToolCommandsTest.Run r = new ToolCommandsTest.Run();
            ToolCommandsTest.Run inner = runWithEndpoints(args);
            r.exit = inner.exit;
            r.out = inner.out;
            r.err = inner.err + err.toString(StandardCharsets.UTF_8);
            return r;
        } finally {
            System.setErr(originalErr);
        }
    }

    private static ToolCommandsTest.Run runWithEndpoints(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--s3-endpoint", LocalServers.s3Endpoint().toString(),
                "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(), "--region", "us-east-1"}, 0,
                all, args.length, 6);
        return ToolCommandsTest.runRaw(all);
    }

    @Test
    void invokeWarnsAboutAnUnversionedOrSuspendedBucketAndStillRuns() {
        for (BucketVersioningStatus status : new BucketVersioningStatus[] {null, BucketVersioningStatus.SUSPENDED}) {
            String bucket = bucket(status);
            ToolCommandsTest.Run r = run("invoke", "--event", "../events/modify.json", "--bucket", bucket);
            assertThat(r.exit).isEqualTo(Main.EXIT_OK);
            assertThat(r.err).contains("Warning: Bucket " + bucket + " does not keep versions (versioning "
                    + (status == null ? "never enabled" : "Suspended") + ")");
            // The function's own log says it too, as JSON naming the bucket.
            assertThat(r.err).contains("\"level\":\"ERROR\"").contains("\"bucket\":\"" + bucket + "\"");
        }
        String versioned = bucket(BucketVersioningStatus.ENABLED);
        ToolCommandsTest.Run ok = run("invoke", "--event", "../events/modify.json", "--bucket", versioned);
        assertThat(ok.exit).isEqualTo(Main.EXIT_OK);
        assertThat(ok.err).doesNotContain("Warning").doesNotContain("does not keep versions");
    }

    @Test
    void streamRefusesToStartOnABucketWithoutVersioning() {
        LocalDynamo.createTable(LocalServers.dynamoDb(), "Unversioned");
        for (BucketVersioningStatus status : new BucketVersioningStatus[] {null, BucketVersioningStatus.SUSPENDED}) {
            String bucket = bucket(status);
            ToolCommandsTest.Run r = run("stream", "--table", "Unversioned", "--bucket", bucket, "--drain");
            assertThat(r.exit).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err).contains("Bucket " + bucket + " does not keep versions").contains("Not starting");
            assertThat(LocalS3.keysUnder(s3, bucket, "")).isEmpty();
        }
        ToolCommandsTest.Run missing = run("stream", "--table", "Unversioned", "--bucket", "no-such-bucket-xyz", "--drain");
        assertThat(missing.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err).contains("Bucket no-such-bucket-xyz does not exist");
    }

    @Test
    void theLocalPipelineRefusesAnExistingBucketWithoutVersioningAndChangesNothing() {
        for (BucketVersioningStatus status : new BucketVersioningStatus[] {null, BucketVersioningStatus.SUSPENDED}) {
            String bucket = bucket(status);
            String table = "Refused" + UUID.randomUUID().toString().substring(0, 6);
            ToolCommandsTest.Run r = run("local", "--operations", "5", "--function-log",
                    tmp.resolve("function.log").toString(), "--table", table, "--bucket", bucket);
            assertThat(r.exit).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err).contains("Bucket " + bucket + " does not keep versions").contains("Not starting");
            assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).as("left as it was").isEqualTo(status);
            assertThat(LocalServers.dynamoDb().listTables().tableNames()).doesNotContain(table);
        }
    }
}
