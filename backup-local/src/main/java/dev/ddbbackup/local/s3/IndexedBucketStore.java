package dev.ddbbackup.local.s3;

import com.adobe.testing.s3mock.dto.BucketInfo;
import com.adobe.testing.s3mock.dto.BucketLifecycleConfiguration;
import com.adobe.testing.s3mock.dto.LocationInfo;
import com.adobe.testing.s3mock.dto.ObjectLockConfiguration;
import com.adobe.testing.s3mock.dto.ObjectOwnership;
import com.adobe.testing.s3mock.dto.VersioningConfiguration;
import com.adobe.testing.s3mock.store.BucketMetadata;
import com.adobe.testing.s3mock.store.BucketStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3Mock's bucket store with its key index held in memory.
 *
 * <p>S3Mock keeps every bucket's key → object-id index in one {@code bucketMetadata.json} and
 * re-reads the whole file on every request (and rewrites it on every new key), under one lock per
 * bucket. Each request therefore costs time proportional to the number of keys in the bucket: at
 * 20,000 keys S3Mock serves ~45 requests a second, which a benchmark would report as our speed. Real
 * S3 has no such cost. This store keeps the index in a concurrent map and leaves everything else —
 * objects, versions, delete markers, their metadata files and every API's semantics — to S3Mock.
 *
 * <p>The index is not written back to disk on key changes, so a server using it cannot be restarted
 * on the same root folder; the local pipeline and the benchmarks never do that.
 */
public class IndexedBucketStore extends BucketStore {

    private final Map<String, BucketMetadata> index = new ConcurrentHashMap<>();

    public IndexedBucketStore(File rootFolder, DateTimeFormatter dateFormat, String region, ObjectMapper mapper) {
        super(rootFolder, dateFormat, region, mapper);
    }

    @Override
    public BucketMetadata getBucketMetadata(String bucketName) {
        BucketMetadata cached = index.get(bucketName);
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            return index.computeIfAbsent(bucketName, name -> withConcurrentIndex(super.getBucketMetadata(name)));
        }
    }

    @Override
    public synchronized UUID addKeyToBucket(String key, String bucketName) {
        return getBucketMetadata(bucketName).addKey(key);
    }

    @Override
    public synchronized boolean removeFromBucket(String key, String bucketName) {
        return getBucketMetadata(bucketName).removeKey(key);
    }

    @Override
    public synchronized BucketMetadata createBucket(String bucketName, boolean objectLockEnabled,
            ObjectOwnership objectOwnership, String bucketRegion, BucketInfo bucketInfo, LocationInfo locationInfo) {
        index.remove(bucketName);
        return super.createBucket(bucketName, objectLockEnabled, objectOwnership, bucketRegion, bucketInfo, locationInfo);
    }

    @Override
    public synchronized boolean deleteBucket(String bucketName) {
        boolean deleted = super.deleteBucket(bucketName);
        if (deleted) {
            index.remove(bucketName);
        }
        return deleted;
    }

    // Configuration changes are rare: S3Mock writes them (with the whole index) to disk, and the next
    // read loads the new metadata from there.

    @Override
    public synchronized void storeObjectLockConfiguration(BucketMetadata metadata, ObjectLockConfiguration configuration) {
        super.storeObjectLockConfiguration(getBucketMetadata(metadata.name()), configuration);
        index.remove(metadata.name());
    }

    @Override
    public synchronized void storeVersioningConfiguration(BucketMetadata metadata, VersioningConfiguration configuration) {
        super.storeVersioningConfiguration(getBucketMetadata(metadata.name()), configuration);
        index.remove(metadata.name());
    }

    @Override
    public synchronized void storeBucketLifecycleConfiguration(BucketMetadata metadata,
            BucketLifecycleConfiguration configuration) {
        super.storeBucketLifecycleConfiguration(getBucketMetadata(metadata.name()), configuration);
        index.remove(metadata.name());
    }

    private static BucketMetadata withConcurrentIndex(BucketMetadata m) {
        return new BucketMetadata(m.name(), m.creationDate(), m.versioningConfiguration(), m.objectLockConfiguration(),
                m.bucketLifecycleConfiguration(), m.objectOwnership(), m.path(), m.bucketRegion(), m.bucketInfo(),
                m.locationInfo(), new ConcurrentHashMap<>(m.objects()));
    }
}
