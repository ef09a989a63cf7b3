package dev.ddbbackup.stream;

import dev.ddbbackup.s3.BucketVersioning;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The tools that back up a stream (the local pipeline, {@code stream}) start only on a bucket that
 * keeps versions: without versioning each change would overwrite the previous one and the backup
 * would silently keep one state per item instead of its history.
 */
public final class VersionedBucket {

    private VersionedBucket() {
    }

    /**
     * Returns normally only when {@code bucket}'s versioning is Enabled; otherwise throws an
     * {@link IllegalArgumentException} (the CLI's exit code 2) naming the bucket and the fix.
     */
    public static void require(S3Client s3, String bucket) {
        BucketVersioning versioning;
        try {
            versioning = BucketVersioning.of(s3, bucket);
        } catch (NoSuchBucketException e) {
            throw new IllegalArgumentException("Bucket " + bucket + " does not exist: create it with versioning enabled.", e);
        } catch (SdkException e) {
            throw new IllegalArgumentException("Cannot check that bucket " + bucket + " keeps versions (s3:GetBucketVersioning): "
                    + e.getMessage(), e);
        }
        if (!versioning.keepsVersions()) {
            throw new IllegalArgumentException(versioning.problem(bucket) + ". Not starting.");
        }
    }
}
