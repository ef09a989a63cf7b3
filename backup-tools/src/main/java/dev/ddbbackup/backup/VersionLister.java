package dev.ddbbackup.backup;

import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * One ListObjectVersions call. Production uses {@code s3::listObjectVersions}; the pagination unit
 * test feeds recorded real-S3-shaped pages through it, because S3Mock does not paginate
 * ListObjectVersions correctly.
 */
@FunctionalInterface
public interface VersionLister {
    ListObjectVersionsResponse list(ListObjectVersionsRequest request);
}
