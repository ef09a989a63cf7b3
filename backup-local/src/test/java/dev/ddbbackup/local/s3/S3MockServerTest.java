package dev.ddbbackup.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.VersionPages;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.TestTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * The fixes must not change what S3Mock answers otherwise: the same operations on a stock S3Mock
 * and on a fixed one give the same versions, delete markers, listings and bodies.
 */
class S3MockServerTest {

    @Test
    void indexedStoreAnswersLikeStockS3Mock() {
        assertThat(run(true)).isEqualTo(run(false)).isNotEmpty();
    }

    @Test
    void indexedStoreFollowsConfigurationChangesAndBucketDeletionLikeStockS3Mock() {
        assertThat(runWithConfigurationChanges(true)).isEqualTo(runWithConfigurationChanges(false)).isNotEmpty();
    }

    @Test
    void versionListingLosesNothingPastAThousandVersionsOnFewerKeys() {
        // Stock S3Mock 4.11 answers this listing with 1,001 versions and IsTruncated=false.
        try (S3MockServer server = S3MockServer.start(0, true, Duration.ZERO); S3Client s3 = client(server)) {
            LocalS3.createVersionedBucket(s3, "many-versions");
            for (int i = 0; i < 400; i++) {
                String key = String.format("p/k%04d", i);
                for (int v = 0; v < 3; v++) {
                    s3.putObject(b -> b.bucket("many-versions").key(key), RequestBody.fromString(key));
                }
            }
            assertThat(VersionPages.listAll(s3::listObjectVersions, "many-versions", "p/")).hasSize(1_200);
        }
    }

    @Test
    void latencyModelDelaysEveryRequest() {
        try (S3MockServer server = S3MockServer.start(0, true, Duration.ofMillis(200)); S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("slow"));
            long start = System.nanoTime();
            s3.headBucket(b -> b.bucket("slow"));
            // A lower bound only: the server must not answer before the modelled latency.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    /** A history of puts and deletes on a few keys, described without server-chosen ids. */
    private static List<String> run(boolean indexed) {
        try (S3MockServer server = S3MockServer.start(0, indexed, Duration.ZERO); S3Client s3 = client(server)) {
            LocalS3.createVersionedBucket(s3, "bkt");
            for (int round = 0; round < 3; round++) {
                for (String key : List.of("p/a", "p/b", "q/c")) {
                    String body = key + "#" + round;
                    s3.putObject(r -> r.bucket("bkt").key(key).metadata(java.util.Map.of("round", body)), RequestBody.fromString(body));
                }
            }
            s3.deleteObject(b -> b.bucket("bkt").key("p/b"));
            s3.putObject(b -> b.bucket("bkt").key("q/d"), RequestBody.fromString("d"));

            List<String> seen = new ArrayList<>();
            ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("bkt"));
            versions.versions().forEach(v -> seen.add("version " + v.key() + " latest=" + v.isLatest() + " size=" + v.size()
                    + " body=" + s3.getObjectAsBytes(g -> g.bucket("bkt").key(v.key()).versionId(v.versionId())).asUtf8String()));
            versions.deleteMarkers().forEach(m -> seen.add("marker " + m.key() + " latest=" + m.isLatest()));
            seen.add("prefix p/: " + s3.listObjectVersions(b -> b.bucket("bkt").prefix("p/")).versions().size());
            seen.add("current: " + s3.listObjectsV2(b -> b.bucket("bkt").prefix("q/")).contents().stream()
                    .map(o -> o.key()).collect(Collectors.joining(",")));
            seen.add("head: " + s3.headObject(b -> b.bucket("bkt").key("p/a")).metadata());
            return seen;
        }
    }

    /**
     * Configuration changes make S3Mock rewrite a bucket's metadata file (and S3Mock 4.11 drops the
     * versioning status when it stores a lifecycle configuration: both stores must do the same).
     */
    private static List<String> runWithConfigurationChanges(boolean indexed) {
        try (S3MockServer server = S3MockServer.start(0, indexed, Duration.ZERO); S3Client s3 = client(server)) {
            LocalS3.createVersionedBucket(s3, "bucket-one");
            LocalS3.createVersionedBucket(s3, "bucket-two");
            s3.putObject(b -> b.bucket("bucket-one").key("k"), RequestBody.fromString("1"));
            s3.putObject(b -> b.bucket("bucket-one").key("k"), RequestBody.fromString("2"));
            s3.putObject(b -> b.bucket("bucket-two").key("other"), RequestBody.fromString("x"));
            List<String> seen = new ArrayList<>();
            seen.add("before: " + s3.listObjectVersions(b -> b.bucket("bucket-one")).versions().size());
            s3.putBucketLifecycleConfiguration(b -> b.bucket("bucket-one").lifecycleConfiguration(c -> c.rules(r -> r
                    .id("expire-old").filter(f -> f.prefix("tmp/")).status(ExpirationStatus.ENABLED)
                    .noncurrentVersionExpiration(e -> e.noncurrentDays(30)))));
            s3.putObject(b -> b.bucket("bucket-one").key("k"), RequestBody.fromString("3"));
            s3.putObject(b -> b.bucket("bucket-one").key("j"), RequestBody.fromString("4"));
            seen.add("after: " + s3.listObjectVersions(b -> b.bucket("bucket-one")).versions().stream()
                    .map(v -> v.key()).collect(Collectors.joining(",")));
            seen.add("rules: " + s3.getBucketLifecycleConfiguration(b -> b.bucket("bucket-one")).rules().size());
            seen.add("other: " + s3.listObjectsV2(b -> b.bucket("bucket-two")).contents().size());
            s3.listObjectVersions(b -> b.bucket("bucket-two")).versions()
                    .forEach(v -> s3.deleteObject(b -> b.bucket("bucket-two").key(v.key()).versionId(v.versionId())));
            s3.deleteBucket(b -> b.bucket("bucket-two"));
            s3.createBucket(b -> b.bucket("bucket-two"));
            seen.add("recreated: " + s3.listObjectsV2(b -> b.bucket("bucket-two")).contents().size());
            seen.add("buckets: " + s3.listBuckets().buckets().stream().map(b -> b.name()).collect(Collectors.joining(",")));
            return seen;
        }
    }

    private static S3Client client(S3MockServer server) {
        return AwsClients.s3(ClientSettings.builder().s3Endpoint(server.endpoint()).region(Region.US_EAST_1)
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build());
    }
}
