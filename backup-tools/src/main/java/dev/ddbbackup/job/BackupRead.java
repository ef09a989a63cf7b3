package dev.ddbbackup.job;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Which backup a job reads and how: where it lives, how finely it is split into partitions (the
 * unit a worker does or leaves), where change times come from, whether to start from the newest
 * checkpoint, and how many S3 requests to keep in flight.
 */
public record BackupRead(BackupLocation location, PartitionWidth width, TimeSource timeSource, boolean useCheckpoints,
        int concurrency) {

    public BackupRead {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(timeSource, "timeSource");
        if (concurrency < 1) {
            throw new IllegalArgumentException("Concurrency must be at least 1");
        }
    }

    /** The whole history or checkpoints, times by AUTO, 16 partitions, 32 requests: what a test or a bench usually wants. */
    public static BackupRead of(BackupLocation location) {
        return new BackupRead(location, PartitionWidth.P16, TimeSource.AUTO, true, 32);
    }

    public BackupRead withWidth(PartitionWidth width) {
        return new BackupRead(location, width, timeSource, useCheckpoints, concurrency);
    }

    public BackupRead withTimeSource(TimeSource timeSource) {
        return new BackupRead(location, width, timeSource, useCheckpoints, concurrency);
    }

    public BackupRead withConcurrency(int concurrency) {
        return new BackupRead(location, width, timeSource, useCheckpoints, concurrency);
    }

    /** The reader of this backup. */
    public BackupReader reader(S3Client s3) {
        return new BackupReader(s3, location, width, timeSource, useCheckpoints, concurrency);
    }

    public String table() {
        return location.table();
    }
}
