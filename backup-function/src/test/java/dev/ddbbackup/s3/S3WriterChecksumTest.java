package dev.ddbbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The writer's own CRC32: sent as {@code x-amz-checksum-crc32} exactly when the client would add a
 * checksum to every upload (WHEN_SUPPORTED, the SDK's default on AWS), in which case the SDK adds
 * none of its own (no aws-chunked body, no trailer); nothing where the client sends checksums only
 * when required. Checked on the wire, and by S3 implementations that store and verify it.
 */
class S3WriterChecksumTest {

    /** Every HTTP request as it is sent. */
    static final class Sent implements ExecutionInterceptor {
        final List<SdkHttpRequest> requests = new ArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.add(context.httpRequest());
        }

        String header(String name) {
            return requests.get(requests.size() - 1).firstMatchingHeader(name).orElse("");
        }
    }

    @Test
    void theCrc32IsTheStandardOne() {
        // The check value of CRC-32 (IEEE 802.3): 0xCBF43926 for "123456789".
        assertThat(S3Writer.crc32("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("y/Q5Jg==");
    }

    @Test
    void withChecksumsOnEveryUploadTheWriterSendsItsCrc32AndTheSdkNoTrailer() {
        Sent sent = new Sent();
        ClientSettings settings = LocalS3.settings(LocalS3.shared(), sent).toBuilder()
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED).build();
        try (S3Client s3 = AwsClients.s3(settings)) {
            LocalS3.createVersionedBucket(s3, "crc-supported");
            byte[] body = "{\"id\":{\"S\":\"a\"}}".getBytes(StandardCharsets.UTF_8);
            String version = new S3Writer(s3, "crc-supported").putJson("k", body);

            assertThat(sent.header("x-amz-checksum-crc32")).isEqualTo(S3Writer.crc32(body));
            assertThat(sent.header("x-amz-trailer")).isEmpty();
            // No trailing checksum: with an endpoint override the body is signed whole (AwsClients);
            // on AWS (HTTPS) the payload goes as it is.
            assertThat(sent.header("x-amz-content-sha256")).doesNotEndWith("-TRAILER");
            assertThat(version).isNotBlank();
            assertStored(s3, "crc-supported", "k", body);
        }
    }

    @Test
    void aWrongCrc32IsRefusedSoTheHeaderProtectsTheBody() {
        ClientSettings settings = LocalS3.settings(LocalS3.shared()).toBuilder()
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED).build();
        try (S3Client s3 = AwsClients.s3(settings)) {
            LocalS3.createVersionedBucket(s3, "crc-wrong");
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("crc-wrong").key("k")
                    .checksumCRC32(S3Writer.crc32("other".getBytes(StandardCharsets.UTF_8))),
                    RequestBody.fromString("{}"))).isInstanceOf(S3Exception.class);
        }
    }

    @Test
    void withChecksumsOnlyWhereRequiredTheWriterSendsNone() {
        Sent sent = new Sent();
        try (S3Client s3 = LocalS3.client(LocalS3.shared(), sent)) {
            LocalS3.createVersionedBucket(s3, "crc-required");
            new S3Writer(s3, "crc-required").putJson("k", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(sent.requests.get(sent.requests.size() - 1).headers().keySet())
                    .noneMatch(h -> h.toLowerCase().startsWith("x-amz-checksum-"));
        }
    }

    @Test
    void motoAcceptsTheWritersCrc32() {
        Assumptions.assumeTrue(MotoServer.installed(), "moto_server is not installed");
        MotoServer moto = MotoServer.shared();
        ClientSettings settings = moto.settings().toBuilder()
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED).build();
        try (S3Client s3 = AwsClients.s3(settings)) {
            LocalS3.createVersionedBucket(s3, "crc-moto");
            byte[] body = "{\"id\":{\"S\":\"moto\"}}".getBytes(StandardCharsets.UTF_8);
            new S3Writer(s3, "crc-moto").putJson("k", body);
            // moto 5.2 accepts the header but does not return it on GET; the body must be intact.
            assertThat(s3.getObjectAsBytes(b -> b.bucket("crc-moto").key("k")).asByteArray()).isEqualTo(body);
        }
    }

    private static void assertStored(S3Client s3, String bucket, String key, byte[] body) {
        var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(object.asByteArray()).isEqualTo(body);
        GetObjectResponse response = object.response();
        assertThat(response.checksumCRC32()).as("the checksum the server stored").isEqualTo(S3Writer.crc32(body));
    }
}
