package dev.ddbbackup.cli;

import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.JobJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.PartitionWidth;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which table's backup a reading command reads, where it is and how its history is read. */
public final class BackupOptions {

    @Option(names = "--table", required = true, description = "The backed-up (source) table's name.")
    String table;

    @Mixin
    BucketOptions where;

    @Option(names = "--time-source", defaultValue = "auto", paramLabel = "change-log|last-modified|auto",
            description = "Where change times come from (default: ${DEFAULT-VALUE}). auto: the change log when the"
                    + " table has one (or its objects carry the function's metadata), else S3 LastModified.")
    String timeSource;

    @Option(names = "--no-checkpoint", description = "restore, snapshot, verify, checkpoint: read the whole history (list"
            + " every version, read every change log) instead of starting from the newest checkpoint at or before the"
            + " time. (history always reads every change of its item.)")
    boolean noCheckpoint;

    /** Where the backup of the table lives. */
    BackupLocation location() {
        return new BackupLocation(where.bucket, where.prefix, table);
    }

    /** How a job reads the backup: these options, {@code width} partitions, {@code concurrency} requests. */
    BackupRead read(PartitionWidth width, int concurrency) {
        return new BackupRead(location(), width, timeSource(), !noCheckpoint, concurrency);
    }

    TimeSource timeSource() {
        try {
            return TimeSource.parse(timeSource);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--time-source must be change-log, last-modified or auto, was '" + timeSource + "'");
        }
    }

    /** An item key given as DynamoDB JSON, e.g. {@code {"id":{"S":"a"},"range":{"N":"1"}}}. */
    static ItemKey parseKey(String json) {
        try {
            return JobJson.parseKey(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--key must be the item key as DynamoDB JSON, e.g. "
                    + "{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"1\"}}: " + e.getMessage());
        }
    }
}
