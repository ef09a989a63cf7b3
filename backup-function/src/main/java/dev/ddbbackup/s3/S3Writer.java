package dev.ddbbackup.s3;

import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.aws.RetriedCalls;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The function's only way to write to the bucket: PUT an object (a new version) or DELETE it (a
 * delete marker in a versioned bucket). The one read, {@link #readIfExists}, serves the
 * compare-before-write of the table description; {@link #versioning} checks the bucket keeps
 * versions; {@link #currentVersion} says which version of a key is current, after retried writes. Writes return the version id S3 assigned, which the change log records. Transient
 * errors are retried inside the SDK client (see {@code AwsClients}); an exception from here means
 * the write did not happen, or that its answer was lost (a timeout): the caller must treat it as
 * not written and may write it again.
 *
 * <p>A {@link Deadline} bounds a call: it gets at most the time left ({@code apiCallTimeout}), so
 * it has ended, one way or the other, when the deadline comes.
 */
public record S3Writer(S3Client s3, String bucket, boolean crc32Header, Optional<Duration> clientCallTimeout) {

    private static final String JSON = "application/json";
    /** Enough for the newest versions of a key; {@link #currentVersion} needs only the first. */
    private static final int VERSIONS_PER_PAGE = 20;
    private static final int MAX_VERSION_PAGES = 50;

    /**
     * When the client adds a checksum to every upload ({@code WHEN_SUPPORTED}: the SDK's default
     * against AWS; {@code AwsClients} picks {@code WHEN_REQUIRED} for other endpoints), the writer
     * computes each body's CRC32 itself, in one pass over the bytes it already holds, and sends it as
     * {@code x-amz-checksum-crc32}. S3 verifies it as it verifies the SDK's own, and the SDK, finding
     * a checksum already in the request, adds none: no {@code aws-chunked} body with a trailing
     * checksum, whose chunk buffers (128 KB per request) were most of what the function allocated
     * (docs/BENCHMARKS.md, CPU). Where the client sends checksums only when required, so does this
     * writer: third-party servers that refuse the SDK's checksums get none from here either.
     * {@code clientCallTimeout} is the client's own limit on a call (empty: none or unknown).
     */
    public S3Writer(S3Client s3, String bucket) {
        this(Objects.requireNonNull(s3, "s3"), Objects.requireNonNull(bucket, "bucket"), checksumsEveryUpload(s3),
                clientCallTimeout(s3));
    }

    private static Optional<Duration> clientCallTimeout(S3Client s3) {
        try {
            return s3.serviceClientConfiguration().overrideConfiguration().apiCallTimeout();
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static boolean checksumsEveryUpload(S3Client s3) {
        try {
            return s3.serviceClientConfiguration().requestChecksumCalculation() == RequestChecksumCalculation.WHEN_SUPPORTED;
        } catch (UnsupportedOperationException e) {
            return false; // a client that does not say (a test double): its own settings apply
        }
    }

    /** PUTs a JSON object with user metadata; returns its version id (null on an unversioned bucket). */
    public String putJson(String key, byte[] body, Map<String, String> metadata) {
        return putJson(key, body, metadata, Deadline.none(), null);
    }

    /**
     * As {@link #putJson(String, byte[], Map)}, ending by {@code deadline}; {@code attemptTimeout}
     * (null: the client's) lets a large body take longer per attempt than a small item.
     */
    public String putJson(String key, byte[] body, Map<String, String> metadata, Deadline deadline,
            Duration attemptTimeout) {
        return put(key, body, metadata, deadline, attemptTimeout).versionId();
    }

    /**
     * A write's answer: the version S3 assigned (null on an unversioned bucket) and whether the
     * SDK retried the call ({@link RetriedCalls}): then an abandoned attempt may still be completed
     * by the server, after later writes of the key.
     */
    public record Written(String versionId, boolean retried) {
    }

    /** As {@link #putJson(String, byte[], Map, Deadline, Duration)} with the client's attempt timeout, saying whether it was retried. */
    public Written putVersion(String key, byte[] body, Map<String, String> metadata, Deadline deadline) {
        return put(key, body, metadata, deadline, null);
    }

    /**
     * PUTs a body of {@code contentType} (a log segment: {@code application/gzip}) without metadata,
     * ending by {@code deadline}, each attempt within {@code attemptTimeout} (null: the client's).
     */
    public Written putBody(String key, byte[] body, String contentType, Deadline deadline, Duration attemptTimeout) {
        return put(jsonPut(key, body).contentType(contentType), body, null, deadline, attemptTimeout);
    }

    private Written put(String key, byte[] body, Map<String, String> metadata, Deadline deadline,
            Duration attemptTimeout) {
        return put(jsonPut(key, body), body, metadata, deadline, attemptTimeout);
    }

    private Written put(PutObjectRequest.Builder request, byte[] body, Map<String, String> metadata, Deadline deadline,
            Duration attemptTimeout) {
        if (metadata != null && !metadata.isEmpty()) {
            request.metadata(metadata);
        }
        request.overrideConfiguration(limits(deadline, attemptTimeout));
        PutObjectResponse response = s3.putObject(request.build(), RequestBody.fromBytes(body));
        return new Written(response.versionId(), RetriedCalls.retried(response));
    }

    public String putJson(String key, byte[] body) {
        return putJson(key, body, null);
    }

    /**
     * A PUT of a JSON body as this writer makes them (content type, length, and the CRC32 when the
     * client checksums every upload), for a caller that adds its own conditions to it.
     */
    public PutObjectRequest.Builder jsonPut(String key, byte[] body) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(JSON)
                .contentLength((long) body.length);
        if (crc32Header) {
            request.checksumCRC32(crc32(body));
        }
        return request;
    }

    /** The CRC32 of {@code body}, big-endian, base64: the {@code x-amz-checksum-crc32} header's form. */
    static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /** DELETEs an object: in a versioned bucket this adds a delete marker; returns the marker's version id. */
    public String delete(String key) {
        return delete(key, Deadline.none());
    }

    /** As {@link #delete(String)}, ending by {@code deadline}. */
    public String delete(String key, Deadline deadline) {
        return deleteVersion(key, deadline).versionId();
    }

    /** As {@link #delete(String, Deadline)}, saying whether it was retried. */
    public Written deleteVersion(String key, Deadline deadline) {
        DeleteObjectResponse response = s3.deleteObject(b -> b.bucket(bucket).key(key)
                .overrideConfiguration(limits(deadline, null)));
        return new Written(response.versionId(), RetriedCalls.retried(response));
    }

    /** A key's current version: an object's, or a delete marker's (the key is absent). */
    public record CurrentVersion(String versionId, boolean deleteMarker) {
    }

    /**
     * The key's current version (an object or a delete marker), from a listing of its versions
     * (s3:ListBucketVersions): empty when the key has none. S3 lists a key's versions
     * newest first, and a key's own before those of longer keys it prefixes, so the first page
     * holds it; the pages are followed only if a server orders them otherwise.
     */
    public Optional<CurrentVersion> currentVersion(String key, Deadline deadline) {
        AwsRequestOverrideConfiguration limits = limits(deadline, null);
        String keyMarker = null;
        String versionMarker = null;
        for (int page = 0; page < MAX_VERSION_PAGES; page++) {
            String fromKey = keyMarker;
            String fromVersion = versionMarker;
            ListObjectVersionsResponse listing = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)
                    .maxKeys(VERSIONS_PER_PAGE).keyMarker(fromKey).versionIdMarker(fromVersion).overrideConfiguration(limits));
            for (ObjectVersion v : listing.versions()) {
                if (v.key().equals(key) && Boolean.TRUE.equals(v.isLatest())) {
                    return Optional.of(new CurrentVersion(v.versionId(), false));
                }
            }
            for (DeleteMarkerEntry d : listing.deleteMarkers()) {
                if (d.key().equals(key) && Boolean.TRUE.equals(d.isLatest())) {
                    return Optional.of(new CurrentVersion(d.versionId(), true));
                }
            }
            if (!Boolean.TRUE.equals(listing.isTruncated())) {
                break;
            }
            keyMarker = listing.nextKeyMarker();
            versionMarker = listing.nextVersionIdMarker();
            if (keyMarker == null || !keyMarker.startsWith(key)) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Per-request limits, or null when the client's own apply: also when the deadline is further
     * away than the client's call timeout, which then ends the call first anyway. Most writes are in
     * that case, and a request with its own limits costs the SDK a merged copy of the client's
     * configuration (docs/BENCHMARKS.md, CPU per record).
     */
    private AwsRequestOverrideConfiguration limits(Deadline deadline, Duration attemptTimeout) {
        Duration call = deadline.callTimeout().orElse(null);
        if (call != null && clientCallTimeout.isPresent() && call.compareTo(clientCallTimeout.get()) >= 0) {
            call = null;
        }
        if (call == null && attemptTimeout == null) {
            return null;
        }
        AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
        if (attemptTimeout != null) {
            b.apiCallAttemptTimeout(attemptTimeout);
        }
        if (call != null) {
            b.apiCallTimeout(call);
        }
        return b.build();
    }

    /**
     * GETs an object's current bytes, or null when it does not exist. S3 answers a GET of a missing
     * key with 404 NoSuchKey only to callers allowed to list the bucket, and with 403 AccessDenied to
     * the others; the function's role may list only its backup prefix (an s3:prefix condition, which
     * S3 may or may not apply to that decision), so a 403 is confirmed by listing the key itself: if
     * it is not there, it does not exist; if it is, the 403 was a real denial and is thrown.
     */
    public byte[] readIfExists(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 403 && !listed(key)) {
                return null;
            }
            throw e;
        }
    }

    /** The bucket's versioning state (s3:GetBucketVersioning), asked within {@code deadline}. */
    public BucketVersioning versioning(Deadline deadline) {
        return BucketVersioning.of(s3.getBucketVersioning(b -> b.bucket(bucket)
                .overrideConfiguration(limits(deadline, null))).status());
    }

    /** Whether a listing of {@code key} as a prefix shows the key itself (it sorts before longer keys). */
    private boolean listed(String key) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }
}
