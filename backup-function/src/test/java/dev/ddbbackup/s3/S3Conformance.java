package dev.ddbbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.testing.LocalS3;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 behaviours a versioned backup depends on, asserted as Amazon S3 documents them, against
 * one server (the subclass's choice). A server known to answer differently lists the behaviour in
 * {@link #deviations()}: its test then asserts that the server still gets it wrong, so the list
 * (and docs/TESTING.md, which says how each difference is handled) cannot go stale silently.
 */
abstract class S3Conformance {

    /** What S3 does, each with the documentation that says so. */
    enum Behaviour {
        /**
         * A delete marker's LastModified is the time of the DELETE ("Date and time when the object
         * was last modified", DeleteMarkerEntry; S3 returns it on HEAD/GET of a marker since 2023).
         */
        DELETE_MARKER_HAS_ITS_OWN_TIME,
        /**
         * DeleteObject without a version id in a versioning-enabled bucket "inserts a delete marker,
         * which becomes the current version of the object", whether or not the key was ever written
         * (API_DeleteObject; aws/aws-sdk-go-v2#2607).
         */
        DELETE_OF_A_NEVER_WRITTEN_KEY_MAKES_A_MARKER,
        /**
         * DeleteObject answers with the version id "of the delete marker created as a result of
         * the DELETE operation" (x-amz-version-id, API_DeleteObject): the change log records it.
         */
        DELETE_ANSWERS_WITH_THE_MARKERS_VERSION_ID,
        /** PutBucketVersioning(Enabled) on a bucket that is already versioned changes nothing. */
        ENABLING_VERSIONING_AGAIN_KEEPS_OBJECTS,
        /** A lifecycle configuration is a separate sub-resource: storing one leaves versioning on. */
        LIFECYCLE_CONFIGURATION_KEEPS_VERSIONING,
        /**
         * ListObjectVersions pages count versions and delete markers against max-keys and continue
         * at NextKeyMarker/NextVersionIdMarker: following them yields every entry exactly once.
         */
        PAGED_VERSION_LISTING_IS_COMPLETE,
        /** "Versions are returned in the order in which they were stored, with the most recently stored returned first." */
        VERSIONS_ARE_LISTED_NEWEST_FIRST,
        /** PutObject with If-None-Match: * fails with 412 when the key has a current object (conditional writes). */
        IF_NONE_MATCH_REFUSES_AN_EXISTING_OBJECT,
        /**
         * The SDK's default upload (aws-chunked body with a trailing CRC32 checksum, "Data integrity
         * protections for Amazon S3") is stored byte for byte.
         */
        CHUNKED_UPLOAD_WITH_CHECKSUM_TRAILER
    }

    protected S3Client s3;
    protected String bucket;

    /** How to reach the server. */
    protected abstract ClientSettings settings();

    /** The behaviours this server is known to get wrong (see docs/TESTING.md). */
    protected abstract Set<Behaviour> deviations();

    @BeforeEach
    void versionedBucket() {
        s3 = AwsClients.s3(settings());
        bucket = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(s3, bucket);
    }

    /** Runs the S3-documented assertions; for a known deviation, asserts that they still fail. */
    private void expect(Behaviour behaviour, ThrowingCallable s3Answer) throws Throwable {
        if (deviations().contains(behaviour)) {
            assertThatThrownBy(s3Answer)
                    .as("%s is listed as deviating from S3 in %s, but it now answers like S3: take it off the list"
                            + " and update docs/TESTING.md", getClass().getSimpleName(), behaviour)
                    .isInstanceOf(AssertionError.class);
        } else {
            s3Answer.call();
        }
    }

    private String put(String key, String body) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)).versionId();
    }

    private ListObjectVersionsResponse versions(String prefix) {
        return s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000));
    }

    @Test
    void aDeleteMarkerHasTheTimeOfTheDelete() throws Throwable {
        put("k", "v1");
        // LastModified has a resolution of one second on S3.
        Thread.sleep(1_100);
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        ListObjectVersionsResponse listing = versions("k");
        expect(Behaviour.DELETE_MARKER_HAS_ITS_OWN_TIME, () -> {
            ObjectVersion version = listing.versions().get(0);
            DeleteMarkerEntry marker = listing.deleteMarkers().get(0);
            assertThat(marker.lastModified()).as("the marker's LastModified").isAfter(version.lastModified());
        });
    }

    @Test
    void deletingAKeyThatWasNeverWrittenAddsADeleteMarker() throws Throwable {
        DeleteObjectResponse response = s3.deleteObject(b -> b.bucket(bucket).key("never-written"));
        ListObjectVersionsResponse listing = versions("never-written");
        expect(Behaviour.DELETE_OF_A_NEVER_WRITTEN_KEY_MAKES_A_MARKER, () -> {
            assertThat(response.deleteMarker()).as("x-amz-delete-marker").isTrue();
            assertThat(response.versionId()).as("the marker's version id").isNotNull();
            assertThat(listing.deleteMarkers()).singleElement().satisfies(m -> {
                assertThat(m.versionId()).isEqualTo(response.versionId());
                assertThat(m.isLatest()).isTrue();
            });
        });
    }

    @Test
    void aDeleteAnswersWithTheVersionIdOfItsMarker() throws Throwable {
        String version = put("k", "v1");
        DeleteObjectResponse response = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        ListObjectVersionsResponse listing = versions("k");
        expect(Behaviour.DELETE_ANSWERS_WITH_THE_MARKERS_VERSION_ID, () -> {
            assertThat(response.versionId()).as("x-amz-version-id of the DELETE").isNotEqualTo(version)
                    .isEqualTo(listing.deleteMarkers().get(0).versionId());
            assertThat(response.deleteMarker()).isTrue();
        });
    }

    @Test
    void enablingVersioningAgainKeepsEveryObject() throws Throwable {
        put("kept", "v1");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        expect(Behaviour.ENABLING_VERSIONING_AGAIN_KEEPS_OBJECTS, () -> {
            assertThat(LocalS3.keysUnder(s3, bucket, "")).containsExactly("kept");
            assertThat(LocalS3.latestBody(s3, bucket, "kept")).isEqualTo("v1");
        });
    }

    @Test
    void aLifecycleConfigurationLeavesVersioningOn() throws Throwable {
        put("k", "v1");
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(r -> r
                .id("expire-noncurrent").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("old/"))
                .noncurrentVersionExpiration(e -> e.noncurrentDays(30)))));
        expect(Behaviour.LIFECYCLE_CONFIGURATION_KEEPS_VERSIONING, () -> {
            assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
            put("k", "v2");
            assertThat(versions("k").versions()).hasSize(2);
        });
    }

    @Test
    void followingVersionListingPagesYieldsEveryEntryOnce() throws Throwable {
        List<String> written = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            for (String key : List.of("p/a", "p/b", "p/c")) {
                written.add(key + "@" + put(key, key + v));
            }
        }
        written.add("p/b@" + s3.deleteObject(b -> b.bucket(bucket).key("p/b")).versionId());
        List<String> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        for (int page = 0; page < 100; page++) {
            String k = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse r = s3.listObjectVersions(b -> b.bucket(bucket).prefix("p/").maxKeys(2)
                    .keyMarker(k).versionIdMarker(vm));
            r.versions().forEach(v -> listed.add(v.key() + "@" + v.versionId()));
            r.deleteMarkers().forEach(m -> listed.add(m.key() + "@" + m.versionId()));
            pageSizes.add(r.versions().size() + r.deleteMarkers().size());
            if (!Boolean.TRUE.equals(r.isTruncated())) {
                break;
            }
            keyMarker = r.nextKeyMarker();
            versionMarker = r.nextVersionIdMarker();
        }
        expect(Behaviour.PAGED_VERSION_LISTING_IS_COMPLETE, () -> {
            assertThat(pageSizes).as("entries per page").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
            assertThat(listed).as("every version and marker, once").containsExactlyInAnyOrderElementsOf(written);
        });
    }

    @Test
    void versionsOfAKeyAreListedNewestFirst() throws Throwable {
        List<String> ids = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            ids.add(0, put("ordered", "v" + v));
        }
        List<ObjectVersion> listed = versions("ordered").versions();
        expect(Behaviour.VERSIONS_ARE_LISTED_NEWEST_FIRST, () -> {
            assertThat(listed).extracting(ObjectVersion::versionId).containsExactlyElementsOf(ids);
            assertThat(listed.get(0).isLatest()).isTrue();
        });
    }

    /**
     * What the function's check after a retried write relies on ({@link S3Writer#currentVersion}):
     * the key's own entry marked latest, found past a page of its versions and beside a longer key,
     * a delete marker as well as an object.
     */
    @Test
    void theWriterFindsTheCurrentVersionOfAKey() throws Throwable {
        S3Writer writer = new S3Writer(s3, bucket);
        String newest = null;
        for (int v = 0; v < 25; v++) {
            newest = put("current/k", "v" + v);
        }
        put("current/k2", "a longer key, written later");
        assertThat(writer.currentVersion("current/k", Deadline.none()))
                .contains(new S3Writer.CurrentVersion(newest, false));
        String marker = s3.deleteObject(b -> b.bucket(bucket).key("current/k")).versionId();
        var current = writer.currentVersion("current/k", Deadline.none());
        assertThat(current).hasValueSatisfying(c -> assertThat(c.deleteMarker()).isTrue());
        expect(Behaviour.DELETE_ANSWERS_WITH_THE_MARKERS_VERSION_ID,
                () -> assertThat(current.orElseThrow().versionId()).isEqualTo(marker));
        assertThat(writer.currentVersion("current/never", Deadline.none())).isEmpty();
    }

    @Test
    void ifNoneMatchRefusesToOverwriteACurrentObject() throws Throwable {
        put("taken", "first");
        expect(Behaviour.IF_NONE_MATCH_REFUSES_AN_EXISTING_OBJECT, () -> {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("taken").ifNoneMatch("*"),
                    RequestBody.fromString("second")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(versions("taken").versions()).hasSize(1);
        });
    }

    @Test
    void theSdksDefaultChunkedUploadWithAChecksumTrailerIsStoredExactly() throws Throwable {
        List<String> encodings = new CopyOnWriteArrayList<>();
        ExecutionInterceptor headers = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest) {
                    encodings.add(context.httpRequest().firstMatchingHeader("Content-Encoding").orElse("")
                            + " trailer=" + context.httpRequest().firstMatchingHeader("x-amz-trailer").orElse(""));
                }
            }
        };
        // The SDK's own default, chosen explicitly (an endpoint override would otherwise pick WHEN_REQUIRED
        // and sign the body whole).
        S3Client sdkDefault = AwsClients.s3(settings().toBuilder()
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED).chunkedEncoding(true)
                .addInterceptor(headers).build());
        String body = "{\"id\":{\"S\":\"" + "x".repeat(70_000) + "\"}}";
        expect(Behaviour.CHUNKED_UPLOAD_WITH_CHECKSUM_TRAILER, () -> {
            sdkDefault.putObject(b -> b.bucket(bucket).key("chunked"), RequestBody.fromString(body));
            assertThat(LocalS3.latestBody(s3, bucket, "chunked")).isEqualTo(body);
        });
        assertThat(encodings).as("the upload was aws-chunked with a checksum trailer")
                .singleElement().asString().contains("aws-chunked").contains("x-amz-checksum-crc32");
    }
}
