package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.layout.PartitionWidth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code checkpoint}: the table's objects at a time, so restores read a bounded amount of history. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100, sortOptions = false,
        description = {
                "Write a checkpoint of the table's backup at TIME (--to, default: now).",
                "",
                "A checkpoint records, for every item in every tenant folder, its last change at or before TIME: the "
                        + "object version holding its image, or that it was absent. It goes to "
                        + "{prefix}/{table}/_checkpoints/{TIME}/ as gzip-ed JSON lines per partition plus manifest.json, "
                        + "written last. restore, snapshot and verify start from the newest checkpoint at or before their "
                        + "time and read only the change logs after it, so their cost follows the table's size, not its "
                        + "history.",
                "It is built from the newest checkpoint at or before TIME plus the change logs since it (the first "
                        + "one from the whole history). The SAM app runs it on a schedule.",
                "Exit codes: 0 written; 1 not written: the backup has problems (listed) or S3 failed; 2 usage, or "
                        + "refused (a checkpoint at TIME exists, TIME is in the future, no change logs)."})
public final class CheckpointCommand implements Callable<Integer> {

    @Mixin
    BackupOptions backup;

    // --at was this option's name before every command named its point in time --to; kept as an alias.
    @Option(names = {"--to", "--at"}, paramLabel = "TIME", defaultValue = "now", converter = PointInTime.class,
            description = "The checkpoint's time (ISO-8601, e.g. 2026-11-20T00:00:00Z, or 'now'). Default: ${DEFAULT-VALUE}.")
    Instant to;

    @Option(names = "--retention-days", defaultValue = "0", description = "The bucket's retention (the stack's"
            + " RetentionDays) to record, so restores refuse times whose history is expired; 0: history kept forever."
            + " Default: ${DEFAULT-VALUE}.")
    int retentionDays;

    @Option(names = "--partitions", defaultValue = "256",
            description = "Partition files for MD5 item names: 16, 256 or 4096. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Mixin
    ReadOptions read;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        PartitionWidth width = PartitionWidth.ofCount(partitions);
        CheckpointReport report;
        try (S3Client s3 = AwsClients.s3(read.settings(run.aws)); ProgressBars progress = run.progress(false)) {
            BackupReader reader = backup.read(width, read.concurrency).reader(s3);
            report = new CheckpointJob(reader, Clock.systemUTC()).run(backup.table, to,
                    retentionDays == 0 ? null : Duration.ofDays(retentionDays), read.threads, progress);
        }
        run.print(report::toJson, report.toHuman());
        return report.exitCode();
    }
}
