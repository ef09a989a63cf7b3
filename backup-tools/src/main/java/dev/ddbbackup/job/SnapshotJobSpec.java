package dev.ddbbackup.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot: the state at {@code time} of the table (or one tenant) in DynamoDB's import-from-S3
 * format, under {@code out} (an S3 location or, on one machine, a local directory).
 *
 * @param maxFileBytes compressed size after which a data file is closed and the next begun
 * @param skipBadObjects leave items whose image is unusable (and unreadable change-log lines) out
 *     and list them in the manifest, instead of failing
 * @param allowMissingVersions leave items whose version in force the bucket lacks out and list
 *     them, instead of failing
 */
public record SnapshotJobSpec(BackupRead backup, Instant time, String tenant, String out, long maxFileBytes,
        boolean skipBadObjects, boolean allowMissingVersions) implements Job {

    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

    public SnapshotJobSpec {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(out, "out");
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("The file size limit must be at least 1 KB");
        }
    }

    /** The whole table at {@code time}, files of 100 MiB, nothing left out. */
    public static SnapshotJobSpec of(BackupRead backup, Instant time, String out) {
        return new SnapshotJobSpec(backup, time, null, out, DEFAULT_MAX_FILE_BYTES, false, false);
    }

    @Override
    public JobKind kind() {
        return JobKind.SNAPSHOT;
    }
}
