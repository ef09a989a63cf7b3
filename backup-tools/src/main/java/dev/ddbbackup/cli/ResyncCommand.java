package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.resync.Resync;
import dev.ddbbackup.resync.ResyncReport;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code resync}: the backup's latest state brought back in line with the live table after lost changes. */
@Command(name = "resync", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100, sortOptions = false,
        description = {
                "Repair the backup after lost changes: write the live state of every item verify finds missing, "
                        + "differing or extra as a new change, so the latest state equals the table.",
                "",
                "Compares exactly as verify does. Each repaired item is read again (strongly consistent) and written "
                        + "as a change with event name RESYNC and sequence number 0, all at one time R (the next second "
                        + "after the comparison): its image (a new object version and a _changes/ line, or a _log/ segment "
                        + "line in log mode), or a DELETE when the table no longer has it. History is not rewritten: "
                        + "restores to times before R are unchanged. A write racing the resync sorts after it and wins when "
                        + "the stream delivers it. Use the function's --tenant-column (MultiTenancyColumn) when it has one.",
                "Exit codes: 0 nothing to repair or all repaired, 1 problems (failed writes, items changing during "
                        + "the run, unreadable items), 2 usage or no backup at the location."})
public final class ResyncCommand implements Callable<Integer> {

    @Mixin
    ComparisonOptions compare;

    @Option(names = "--key", paramLabel = "JSON",
            description = "Only this item (its key as DynamoDB JSON); the table is still scanned as verify scans it.")
    String key;

    @Option(names = "--dry-run", description = "List the changes it would write; write nothing.")
    boolean dryRun;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        ItemKey only = key == null ? null : BackupOptions.parseKey(key);
        String column = compare.tenancy.column();
        VerifyJobSpec job = compare.job(PartitionWidth.P16);
        ClientSettings settings = run.aws.settings(2 * compare.read.concurrency + compare.scan.segments + 8);
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings); S3Client s3 = AwsClients.s3(settings);
             ProgressBars progress = run.progress(false)) {
            ResyncReport report = new Resync(dynamoDb, s3, compare.read.threads, compare.read.concurrency, Clock.systemUTC())
                    .run(job, only, column, dryRun, progress);
            progress.close();
            return run.print(report::toJson, report.summary(), report.ok());
        }
    }
}
