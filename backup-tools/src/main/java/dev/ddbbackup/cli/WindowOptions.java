package dev.ddbbackup.cli;

import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.PartitionWidth;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The window of changes {@code changes} and {@code revert} read: table, (T1, T2], tenant or key. */
public final class WindowOptions {

    @Mixin
    BackupOptions backup;

    @Option(names = "--table", required = true, description = "The backed-up (source) table name.")
    String table;

    @Option(names = "--from", required = true, paramLabel = "T1",
            description = "The window's start, exclusive: ISO-8601 (2026-11-20T14:02:00Z) or 'now'.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "T2",
            description = "The window's end, inclusive: ISO-8601 or 'now'.")
    String to;

    @Option(names = "--tenant", description = "Only this tenant's items (the tenancy attribute's value).")
    String tenant;

    @Option(names = "--key", paramLabel = "KEYJSON", description = "Only this item, key as DynamoDB JSON.")
    String key;

    @Option(names = "--concurrency", defaultValue = "32", description = "Concurrent S3 requests (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    ProgressOptions progress;

    Instant fromTime() {
        return BackupOptions.parseTime(from);
    }

    Instant toTime() {
        return BackupOptions.parseTime(to);
    }

    /** How a job reads the window's backup, split into {@code width} partitions. */
    BackupRead read(PartitionWidth width) {
        return backup.read(table, width, concurrency);
    }

    ItemKey itemKey() {
        return key == null ? null : BackupOptions.parseKey(key);
    }
}
