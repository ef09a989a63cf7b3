package dev.ddbbackup.bench;

import dev.ddbbackup.backup.ListedVersion;
import dev.ddbbackup.backup.VersionPages;
import dev.ddbbackup.restore.ItemImages;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The restore a first attempt would write, as the baseline of the restore benchmark: one
 * sequential listing, the newest version by LastModified at or before the time, then per key one
 * GET and one single-item BatchWriteItem, all one after the other.
 */
public final class NaiveRestore {

    private static final String HEX = "0123456789abcdef";

    /** Items written and the seconds spent listing, getting and writing. */
    public static final class Result {
        public int items;
        public double listSeconds;
        public double getSeconds;
        public double writeSeconds;

        public double totalSeconds() {
            return listSeconds + getSeconds + writeSeconds;
        }
    }

    private NaiveRestore() {
    }

    /**
     * Restores {@code sourceTable}'s backup (MD5 item names, no prefix) into {@code targetTable}. The
     * listing is made prefix by prefix (256 two-hex-digit prefixes) only because S3Mock cannot page
     * past 1,000 versions; it stays sequential.
     */
    public static Result run(S3Client s3, String bucket, String sourceTable, DynamoDbClient dynamoDb,
            String targetTable, Instant time) {
        Result r = new Result();
        for (int p = 0; p < 256; p++) {
            String prefix = sourceTable + "/" + HEX.charAt(p >> 4) + HEX.charAt(p & 15);
            long start = System.nanoTime();
            Map<String, ListedVersion> newest = new HashMap<>();
            for (ListedVersion v : VersionPages.listAll(s3::listObjectVersions, bucket, prefix)) {
                if (!v.lastModified.isAfter(time)) {
                    newest.merge(v.key, v, (a, b) -> b.lastModified.isAfter(a.lastModified) ? b : a);
                }
            }
            r.listSeconds += Samples.secondsSince(start);
            for (ListedVersion v : newest.values()) {
                if (v.deleteMarker) {
                    continue;
                }
                start = System.nanoTime();
                byte[] image = s3.getObjectAsBytes(b -> b.bucket(bucket).key(v.key).versionId(v.versionId)).asByteArray();
                r.getSeconds += Samples.secondsSince(start);
                start = System.nanoTime();
                WriteRequest put = WriteRequest.builder().putRequest(w -> w.item(ItemImages.toItem(image))).build();
                dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(targetTable, List.of(put))));
                r.writeSeconds += Samples.secondsSince(start);
                r.items++;
            }
        }
        return r;
    }
}
