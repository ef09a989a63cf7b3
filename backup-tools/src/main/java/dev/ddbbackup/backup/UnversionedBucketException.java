package dev.ddbbackup.backup;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A bucket without versioning where a command would write a backup: every change of an item is a
 * new version of its object, so without versioning each write would replace the item's history
 * instead of adding to it. Refused before the first write (exit 2), naming the bucket and how to
 * turn versioning on.
 */
public final class UnversionedBucketException extends RuntimeException {

    private UnversionedBucketException(String bucket, String status) {
        super("the bucket " + bucket + " has versioning " + status + ": a backup keeps each change as a version,"
                + " so nothing was written — enable it (aws s3api put-bucket-versioning --bucket " + bucket
                + " --versioning-configuration Status=Enabled) or use the stack's BackupBucket");
    }

    /** Checks that {@code bucket} has versioning enabled; throws this exception when it has not. */
    public static void require(S3Client s3, String bucket) {
        BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
        if (status != BucketVersioningStatus.ENABLED) {
            throw new UnversionedBucketException(bucket, status == null ? "never enabled" : "suspended");
        }
    }
}
