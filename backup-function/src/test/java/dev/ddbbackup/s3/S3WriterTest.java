package dev.ddbbackup.s3;

import dev.ddbbackup.aws.Deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbbackup.testing.FaultInjector;
import dev.ddbbackup.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The writer's reads against S3Mock: existence of a key, and the bucket's versioning. */
class S3WriterTest {

    private final FaultInjector faults = new FaultInjector();
    private S3Client s3;
    private S3Writer writer;
    private String bucket;

    @BeforeEach
    void setUp() {
        s3 = LocalS3.client(LocalS3.shared());
        bucket = "writer-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(s3, bucket);
        writer = new S3Writer(LocalS3.client(LocalS3.shared(), faults), bucket);
    }

    @Test
    void readIfExistsReadsAKeyAndSaysNullForAMissingOne() {
        writer.putJson("bk/T/_table.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(writer.readIfExists("bk/T/_table.json")).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(writer.readIfExists("bk/U/_table.json")).isNull();
    }

    /** S3 answers a GET of a missing key with 403 to a role that may not list that key. */
    @Test
    void a403ForAMissingKeyMeansMissingAndA403ForAnExistingKeyIsADenial() {
        writer.putJson("bk/T/_table.json", "{}".getBytes(StandardCharsets.UTF_8));
        writer.putJson("bk/U/_table.json.bak", "{}".getBytes(StandardCharsets.UTF_8));
        faults.failAlways(r -> r instanceof GetObjectRequest, 403);
        assertThat(writer.readIfExists("bk/U/_table.json")).as("only a longer key under that prefix").isNull();
        assertThat(writer.readIfExists("bk/V/_table.json")).isNull();
        assertThatThrownBy(() -> writer.readIfExists("bk/T/_table.json"))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }

    /** A write answered at its first attempt says so; one the SDK retried (here after a 503) says that. */
    @Test
    void aWriteSaysWhetherTheSdkRetriedIt() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(writer.putVersion("bk/T/first", body, null, Deadline.none()).retried()).isFalse();
        assertThat(writer.deleteVersion("bk/T/first", Deadline.none()).retried()).isFalse();

        faults.failRandomly(r -> r instanceof PutObjectRequest, 0.3);
        int retried = 0;
        for (int i = 0; i < 20; i++) {
            S3Writer.Written written = writer.putVersion("bk/T/k" + i, body, null, Deadline.none());
            assertThat(written.versionId()).isNotNull();
            retried += written.retried() ? 1 : 0;
        }
        assertThat(faults.injected()).as("attempts failed").isPositive();
        assertThat(retried).as("writes retried: at least one, at most one per failed attempt")
                .isPositive().isLessThanOrEqualTo(faults.injected());
    }

    @Test
    void versioningIsReadAsS3ReportsIt() {
        assertThat(writer.versioning(Deadline.none())).isEqualTo(BucketVersioning.ENABLED);
        assertThat(writer.versioning(Deadline.none()).problem(bucket)).isNull();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(writer.versioning(Deadline.none())).isEqualTo(BucketVersioning.SUSPENDED);
        assertThat(writer.versioning(Deadline.none()).problem(bucket)).contains(bucket).contains("Suspended");

        String plain = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(plain));
        assertThat(BucketVersioning.of(s3, plain)).isEqualTo(BucketVersioning.NEVER_ENABLED);
        assertThat(BucketVersioning.of(s3, plain).keepsVersions()).isFalse();
    }
}
