package dev.ddbbackup.s3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A bucket's versioning state, as GetBucketVersioning reports it. Only {@link #ENABLED} keeps every
 * version: in a bucket whose versioning is suspended or was never enabled each PUT replaces the
 * object and each DELETE removes it, so the backup keeps one state per item instead of its history.
 */
public enum BucketVersioning {
    ENABLED("Enabled"),
    SUSPENDED("Suspended"),
    /** S3 returns no Status for a bucket whose versioning was never turned on. */
    NEVER_ENABLED("never enabled");

    private final String description;

    BucketVersioning(String description) {
        this.description = description;
    }

    /** Asks S3 (needs s3:GetBucketVersioning); SDK exceptions (NoSuchBucket, AccessDenied) pass through. */
    public static BucketVersioning of(S3Client s3, String bucket) {
        return of(s3.getBucketVersioning(b -> b.bucket(bucket)).status());
    }

    /** The state for GetBucketVersioning's Status (null when the bucket never had versioning). */
    public static BucketVersioning of(BucketVersioningStatus status) {
        if (status == BucketVersioningStatus.ENABLED) {
            return ENABLED;
        }
        // S3 knows only Enabled, Suspended and no status; anything else does not keep versions either.
        return status == BucketVersioningStatus.SUSPENDED ? SUSPENDED : NEVER_ENABLED;
    }

    /** True only when every PUT and DELETE adds a version and none replaces one. */
    public boolean keepsVersions() {
        return this == ENABLED;
    }

    /** "Enabled", "Suspended" or "never enabled". */
    public String description() {
        return description;
    }

    /** One sentence for an operator: what is wrong with {@code bucket} and what to do (null when nothing is). */
    public String problem(String bucket) {
        if (keepsVersions()) {
            return null;
        }
        return "Bucket " + bucket + " does not keep versions (versioning " + description + "): each change would"
                + " overwrite the item's previous backup and its history would be lost. Enable versioning: aws s3api"
                + " put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled";
    }
}
