package dev.ddbbackup.local.s3;

import com.adobe.testing.s3mock.dto.ListVersionsResult;
import com.adobe.testing.s3mock.service.BucketService;
import com.adobe.testing.s3mock.store.BucketStore;
import com.adobe.testing.s3mock.store.ObjectStore;

/**
 * S3Mock's bucket service with ListObjectVersions answered in one page.
 *
 * <p>S3Mock 4.11 pages ListObjectVersions by keys but cuts by versions: once a prefix holds more
 * than max-keys versions on fewer than max-keys keys, it stops after max-keys + 1 versions and
 * still answers IsTruncated=false, so a client that follows S3's paging contract silently misses
 * the rest (a restore of 80,000 items × 3 versions in 256 partitions lost 248 items that way).
 * Answering every version in one page is within what a client must accept (it reads until
 * IsTruncated is false) and loses nothing; paging itself is tested against a server that pages
 * correctly ({@code VersionPagesTest}).
 */
public class UnpagedVersionListing extends BucketService {

    public UnpagedVersionListing(BucketStore bucketStore, ObjectStore objectStore) {
        super(bucketStore, objectStore);
    }

    @Override
    public ListVersionsResult listVersions(String bucketName, String prefix, String delimiter, String encodingType,
            Integer maxKeys, String keyMarker, String versionIdMarker) {
        return super.listVersions(bucketName, prefix, delimiter, encodingType, Integer.MAX_VALUE - 1, keyMarker,
                versionIdMarker);
    }
}
