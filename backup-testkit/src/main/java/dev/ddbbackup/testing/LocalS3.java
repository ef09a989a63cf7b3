package dev.ddbbackup.testing;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * The in-process S3 server for tests (Adobe S3Mock, real versioning) and clients for it built by
 * the production {@link AwsClients} factory.
 */
public final class LocalS3 {

    private LocalS3() {
    }

    private static S3MockExtension shared;

    public static S3MockExtension extension() {
        return S3MockExtension.builder().silent().build();
    }

    /**
     * One server for the whole test JVM, started on first use and never stopped (the JVM's exit
     * ends it): each test class with its own {@link #extension()} pays a Spring Boot start.
     * Tests sharing it use a bucket of their own.
     */
    public static synchronized S3MockExtension shared() {
        if (shared == null) {
            S3MockExtension server = extension();
            server.beforeAll(null);
            shared = server;
        }
        return shared;
    }

    /** The server's address, as an http endpoint. */
    public static URI endpoint(S3MockExtension server) {
        return URI.create("http://127.0.0.1:" + server.getHttpPort());
    }

    public static ClientSettings settings(S3MockExtension server, ExecutionInterceptor... interceptors) {
        return LocalServers.clientSettings(b -> b.s3Endpoint(endpoint(server)), interceptors);
    }

    public static S3Client client(S3MockExtension server, ExecutionInterceptor... interceptors) {
        return AwsClients.s3(settings(server, interceptors));
    }

    /** Creates a bucket with versioning enabled. */
    public static void createVersionedBucket(S3Client s3, String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    /** One version or delete marker of an object. */
    public record Version(String key, String versionId, boolean deleteMarker, boolean latest) {
        @Override
        public String toString() {
            return (deleteMarker ? "DEL " : "PUT ") + key + "@" + versionId + (latest ? " (latest)" : "");
        }
    }

    /**
     * All versions and delete markers of one object key, newest first. S3Mock paginates badly
     * for small max-keys, so one page of 1,000 is asked for (tests stay below that).
     */
    public static List<Version> versions(S3Client s3, String bucket, String key) {
        ListObjectVersionsResponse r = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).maxKeys(1000));
        return Stream.concat(
                r.versions().stream().map(v -> new Version(v.key(), v.versionId(), false, v.isLatest())),
                r.deleteMarkers().stream().map(d -> new Version(d.key(), d.versionId(), true, d.isLatest())))
                .filter(v -> v.key().equals(key)).toList();
    }

    public static String latestBody(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    public static List<String> keysUnder(S3Client s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
        keys.sort(Comparator.naturalOrder());
        return keys;
    }
}
