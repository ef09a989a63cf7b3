package dev.ddbbackup.backfill;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Whether an object key has any history in the versioned bucket: a version or a delete marker.
 *
 * <p>One ListObjectVersions with {@code prefix} = the key answers it: S3 lists keys in UTF-8
 * binary order, and a key sorts before every longer key it is a prefix of, so if the exact key
 * has any version it is on the first page. Only an exact key match counts ({@code a} is a prefix
 * of {@code a|b} under plain-text names). No URL encoding type is requested: keys come back as is.
 */
final class ExistingVersions {

    private final S3Client s3;
    private final String bucket;

    ExistingVersions(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    boolean hasAny(String key) {
        ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).maxKeys(1000));
        for (ObjectVersion v : page.versions()) {
            if (v.key().equals(key)) {
                return true;
            }
        }
        for (DeleteMarkerEntry d : page.deleteMarkers()) {
            if (d.key().equals(key)) {
                return true;
            }
        }
        return false;
    }
}
