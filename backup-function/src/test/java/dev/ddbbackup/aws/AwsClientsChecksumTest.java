package dev.ddbbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;

/**
 * What the S3 client is configured with, and puts on the wire for an upload and a download,
 * captured just before sending (the request is then stopped, so no server is needed): with an
 * endpoint override and no choice of the user's, WHEN_REQUIRED for both settings, so no checksum
 * trailer and no checksum headers, and the body signed whole, never in aws-chunked form, so that
 * an object's own Content-Encoding (a checkpoint part's gzip) is the one header line sent (Ceph RGW
 * refused the two lines gzip + aws-chunked with 403); on AWS, or when the user chose a checksum
 * setting (environment, system property, profile), the SDK's own checksum behaviour.
 */
class AwsClientsChecksumTest {

    /** Captures the HTTP request and stops it before it is sent. */
    static final class Captured implements ExecutionInterceptor {
        SdkHttpRequest request;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            request = context.httpRequest();
            throw new Stopped();
        }

        String header(String name) {
            return request.firstMatchingHeader(name).orElse("");
        }

        List<String> headerLines(String name) {
            return request.matchingHeaders(name);
        }
    }

    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final ChecksumDefaults NOTHING_CHOSEN = new ChecksumDefaults(Map.of(), new Properties(), Optional::empty);

    private static ClientSettings.Builder settings(Captured captured) {
        return ClientSettings.builder().region(Region.US_EAST_1)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .addInterceptor(captured);
    }

    private static ClientSettings.Builder overridden(Captured captured) {
        return settings(captured).s3Endpoint(URI.create("http://127.0.0.1:9"));
    }

    private static final String BODY = "{\"a\":{\"S\":\"b\"}}";

    private static Captured put(ClientSettings settings, ChecksumDefaults userChoice) {
        Captured captured = (Captured) settings.interceptors().get(0);
        try (S3Client s3 = AwsClients.s3(settings, userChoice)) {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString(BODY)))
                    .isInstanceOf(Stopped.class);
        }
        return captured;
    }

    /** A PUT the way the checkpoint writer stores its parts: gzip-ed, with Content-Encoding: gzip. */
    private static Captured putGzip(ClientSettings settings, byte[] gzipped) {
        Captured captured = (Captured) settings.interceptors().get(0);
        try (S3Client s3 = AwsClients.s3(settings, NOTHING_CHOSEN)) {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("part-00.jsonl.gz")
                    .contentType("application/x-ndjson").contentEncoding("gzip"), RequestBody.fromBytes(gzipped)))
                    .isInstanceOf(Stopped.class);
        }
        return captured;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One body, signed whole: no aws-chunked framing, so no extra Content-Encoding line. */
    private static void assertSignedWhole(Captured put, byte[] body) {
        assertThat(put.headerLines("Content-Encoding")).doesNotContain("aws-chunked");
        assertThat(put.header("x-amz-decoded-content-length")).isEmpty();
        assertThat(put.header("Content-Length")).isEqualTo(String.valueOf(body.length));
        assertThat(put.header("x-amz-content-sha256")).isEqualTo(sha256Hex(body));
    }

    private static Captured get(ClientSettings settings, ChecksumDefaults userChoice) {
        Captured captured = (Captured) settings.interceptors().get(0);
        try (S3Client s3 = AwsClients.s3(settings, userChoice)) {
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k"))).isInstanceOf(Stopped.class);
        }
        return captured;
    }

    private static S3ServiceClientConfiguration configuration(ClientSettings settings, ChecksumDefaults userChoice) {
        try (S3Client s3 = AwsClients.s3(settings, userChoice)) {
            return s3.serviceClientConfiguration();
        }
    }

    /** What a client with {@code settings}, and nothing chosen by the user, does about checksums. */
    private static void assertChecksums(ClientSettings settings, RequestChecksumCalculation requests,
            ResponseChecksumValidation responses) {
        S3ServiceClientConfiguration config = configuration(settings, NOTHING_CHOSEN);
        assertThat(config.requestChecksumCalculation()).isEqualTo(requests);
        assertThat(config.responseChecksumValidation()).isEqualTo(responses);
    }

    private static void assertChunkedWithTrailer(Captured put) {
        assertThat(put.header("Content-Encoding")).contains("aws-chunked");
        assertThat(put.header("x-amz-trailer")).isEqualTo("x-amz-checksum-crc32");
        assertThat(put.header("x-amz-content-sha256")).endsWith("-TRAILER");
    }

    /**
     * With an endpoint override and a checksum the user asked for: the SDK's CRC32, in a header
     * (there is no trailer without aws-chunked), over a body signed whole.
     */
    private static void assertCrc32InAHeader(Captured put) {
        assertThat(put.header("x-amz-checksum-crc32")).isNotEmpty();
        assertSignedWhole(put, BODY.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNoChecksum(Captured request) {
        assertThat(request.header("x-amz-trailer")).isEmpty();
        assertThat(request.header("x-amz-content-sha256")).doesNotEndWith("-TRAILER");
        assertThat(request.request.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-amz-checksum-"));
    }

    @Test
    void withAnEndpointOverrideChecksumsAreOnlyWhereRequired() {
        assertChecksums(overridden(new Captured()).build(), RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation.WHEN_REQUIRED);
        assertNoChecksum(put(overridden(new Captured()).build(), NOTHING_CHOSEN));
        assertNoChecksum(get(overridden(new Captured()).build(), NOTHING_CHOSEN));
    }

    @Test
    void withAnEndpointOverrideTheBodyIsSignedWholeAndAContentEncodingIsSentAsItIs() {
        assertSignedWhole(put(overridden(new Captured()).build(), NOTHING_CHOSEN), BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(put(overridden(new Captured()).build(), NOTHING_CHOSEN).headerLines("Content-Encoding")).isEmpty();

        byte[] part = gzip("{\"k\":\"x\"}\n".repeat(50));
        Captured gzipPut = putGzip(overridden(new Captured()).build(), part);
        assertSignedWhole(gzipPut, part);
        assertThat(gzipPut.headerLines("Content-Encoding")).containsExactly("gzip");

        // Over HTTPS the SDK leaves the body unsigned (TLS protects it); still no aws-chunked.
        Captured tls = putGzip(settings(new Captured()).s3Endpoint(URI.create("https://127.0.0.1:9")).build(), part);
        assertThat(tls.headerLines("Content-Encoding")).containsExactly("gzip");
        assertThat(tls.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(tls.header("Content-Length")).isEqualTo(String.valueOf(part.length));
    }

    @Test
    void onAwsTheSdksDefaultsStay() {
        assertChecksums(settings(new Captured()).build(), RequestChecksumCalculation.WHEN_SUPPORTED,
                ResponseChecksumValidation.WHEN_SUPPORTED);
        assertChunkedWithTrailer(put(settings(new Captured()).build(), NOTHING_CHOSEN));
        // What AWS gets for a checkpoint part is unchanged: both Content-Encoding lines (S3 takes them).
        assertThat(putGzip(settings(new Captured()).build(), gzip("{}\n")).headerLines("Content-Encoding"))
                .containsExactly("gzip", "aws-chunked");
    }

    @Test
    void aChoiceInTheEnvironmentOrSystemPropertiesLeavesItToTheSdk() {
        // The SDK reads this process's real environment, where nothing is set: its default (WHEN_SUPPORTED) shows.
        ChecksumDefaults env = new ChecksumDefaults(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_SUPPORTED",
                "AWS_RESPONSE_CHECKSUM_VALIDATION", "WHEN_SUPPORTED"), new Properties(), Optional::empty);
        assertCrc32InAHeader(put(overridden(new Captured()).build(), env));
        assertThat(configuration(overridden(new Captured()).build(), env).responseChecksumValidation())
                .isEqualTo(ResponseChecksumValidation.WHEN_SUPPORTED);

        String previous = System.getProperty("aws.requestChecksumCalculation");
        System.setProperty("aws.requestChecksumCalculation", "WHEN_SUPPORTED");
        try {
            assertCrc32InAHeader(put(overridden(new Captured()).build(), ChecksumDefaults.ofThisProcess()));
        } finally {
            if (previous == null) {
                System.clearProperty("aws.requestChecksumCalculation");
            } else {
                System.setProperty("aws.requestChecksumCalculation", previous);
            }
        }
    }

    @Test
    void aChoiceInTheActiveProfileCounts() {
        ProfileFile file = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION)
                .content(new ByteArrayInputStream(("[default]\nrequest_checksum_calculation = when_supported\n")
                        .getBytes(StandardCharsets.UTF_8))).build();
        Optional<Profile> profile = file.profile("default");
        ChecksumDefaults fromProfile = new ChecksumDefaults(Map.of(), new Properties(), () -> profile);
        assertThat(fromProfile.requestCalculationChosen()).isTrue();
        assertThat(fromProfile.responseValidationChosen()).isFalse();
        assertThat(NOTHING_CHOSEN.requestCalculationChosen()).isFalse();
    }

    @Test
    void settingsChosenInCodeWinOverTheDefault() {
        ClientSettings chosen = overridden(new Captured())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
                .build();
        assertCrc32InAHeader(put(chosen, NOTHING_CHOSEN));
        // aws-chunked only when asked for (the S3 conformance suite does, to test the SDK's default upload).
        assertChunkedWithTrailer(put(chosen.toBuilder().chunkedEncoding(true).build(), NOTHING_CHOSEN));
    }
}
