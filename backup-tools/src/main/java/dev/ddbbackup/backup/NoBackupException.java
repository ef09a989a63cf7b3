package dev.ddbbackup.backup;

import dev.ddbbackup.layout.BackupLocation;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A location that holds no backup of the table (a wrong {@code --prefix}, {@code --table} or
 * bucket). Refused before anything is read, written or created: a restore or a dry run from
 * nothing would otherwise report success with 0 items, which in an incident reads as "the restore
 * worked". The message names the location and what was found there, so the operator sees which
 * option is wrong. A backup that exists but holds no item at a time is not this: it is a real
 * empty state.
 */
public final class NoBackupException extends RuntimeException {

    /** At most this many table folders are named from the level above. */
    private static final int TABLES_NAMED = 10;

    private NoBackupException(BackupLocation location, String finding) {
        super("no backup of table " + location.table() + " at " + location.describe() + ": " + finding);
    }

    /** The bucket does not exist. */
    static NoBackupException noBucket(BackupLocation location) {
        return new NoBackupException(location, "the bucket " + location.bucket() + " does not exist — check the bucket");
    }

    /** {@code e} as a refusal when it says the bucket does not exist; else {@code e}. */
    static RuntimeException translate(RuntimeException e, BackupLocation location) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                && "NoSuchBucket".equals(s3.awsErrorDetails().errorCode())) {
            return noBucket(location);
        }
        return e;
    }

    /**
     * The table's folder is empty: one delimiter listing of the level above says what is there
     * instead (other tables' backups, or nothing at all).
     */
    static NoBackupException nothingAt(S3Client s3, BackupLocation location) {
        String prefix = location.layout().prefix();
        String above = prefix.isEmpty() ? "" : prefix + "/";
        ListObjectsV2Response listing = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(above).delimiter("/"));
        List<String> tables = new ArrayList<>();
        for (CommonPrefix p : listing.commonPrefixes()) {
            String name = p.prefix().substring(above.length(), p.prefix().length() - 1);
            if (tables.size() < TABLES_NAMED) {
                tables.add(name);
            }
        }
        String where = "s3://" + location.bucket() + "/" + above;
        String finding;
        if (!tables.isEmpty()) {
            int more = listing.commonPrefixes().size() - tables.size();
            finding = "nothing under it; " + where + " holds backups of: " + String.join(", ", tables)
                    + (more > 0 || Boolean.TRUE.equals(listing.isTruncated()) ? " and more" : "")
                    + " — check --table and --prefix";
        } else if (!listing.contents().isEmpty()) {
            finding = "nothing under it; " + where + " holds objects but no table folder — check --prefix";
        } else {
            finding = "nothing under " + where + " at all — check " + (above.isEmpty() ? "the bucket" : "--prefix");
        }
        return new NoBackupException(location, finding);
    }
}
