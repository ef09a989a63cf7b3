package dev.ddbbackup.cli;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.job.BackupRead;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The window of changes {@code changes} and {@code revert} read: table, (T1, T2], tenant or key, and
 * the workers it is read by with {@code --on-step-functions}.
 */
public final class WindowOptions {

    @Mixin
    BackupOptions backup;

    @Option(names = "--from", required = true, paramLabel = "T1", converter = PointInTime.class,
            description = "The window's start, exclusive: ISO-8601 (2026-11-20T14:02:00Z) or 'now'.")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "T2", converter = PointInTime.class,
            description = "The window's end, inclusive: ISO-8601 or 'now'.")
    Instant to;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--concurrency", defaultValue = "32", description = "Concurrent S3 requests (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--segments", defaultValue = "1", description = "With --on-step-functions: Lambda workers at once,"
            + " each on its share of the partitions. Default: ${DEFAULT-VALUE}.")
    int segments;

    // Revert workers read and write more per partition than restore workers: smaller partitions.
    @Mixin
    FanOutOptions fanOut = new FanOutOptions(256);

    String table() {
        return backup.table;
    }

    /** The S3 client settings for reading the window: enough connections for --concurrency. */
    ClientSettings settings(RunOptions run) {
        return run.aws.settings(Math.max(concurrency, 16));
    }

    /** How a job reads the window's backup, split into the partitions of {@code --partitions}. */
    BackupRead read() {
        return backup.read(fanOut.width(), concurrency);
    }
}
