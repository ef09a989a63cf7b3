package dev.ddbbackup.backup;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A bucket without versioning where a command needs it: every change of an item is a new version
 * of its object, so without versioning a write would replace the item's history instead of adding
 * to it, and a read would find no history (S3-compatible servers refuse version reads there with
 * a bare 400). Refused before the first write or read (exit 2), naming the bucket and how to turn
 * versioning on.
 */
public final class UnversionedBucketException extends RuntimeException {

    private UnversionedBucketException(String bucket, String status, String consequence) {
        super("the bucket " + bucket + " has versioning " + status + ": a backup keeps each change as a version, "
                + consequence + "; enable it (aws s3api put-bucket-versioning --bucket " + bucket
                + " --versioning-configuration Status=Enabled) or use the stack's BackupBucket");
    }

    /** Before writing a backup: {@code bucket} must have versioning enabled. */
    public static void requireEnabled(S3Client s3, String bucket) {
        BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
        if (status != BucketVersioningStatus.ENABLED) {
            throw new UnversionedBucketException(bucket, status == null ? "never enabled" : "suspended",
                    "so nothing was written");
        }
    }

    /**
     * Before reading a backup: {@code bucket} must have had versioning at some time (a suspended
     * bucket still holds the versions written before).
     */
    public static void requireHistory(S3Client s3, String bucket) {
        if (s3.getBucketVersioning(b -> b.bucket(bucket)).status() == null) {
            throw new UnversionedBucketException(bucket, "never enabled", "so it holds no history to read");
        }
    }
}
