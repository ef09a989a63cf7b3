package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backfill.Backfill;
import dev.ddbbackup.backfill.BackfillOptions;
import dev.ddbbackup.backfill.BackfillReport;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code backfill}: the current items of a table into the backup, for tables older than their stream. */
@Command(name = "backfill", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100, sortOptions = false,
        description = {
                "Write every current item of a table into the backup (tables older than their stream).",
                "",
                "Exactly the function's layout: the same object keys, DynamoDB JSON bodies, metadata event-name "
                        + "BACKFILL (sequence-number 0, approximate-creation-time = the scan's start), change-log lines "
                        + "under _changes/, and _table.json.",
                "",
                "Safe order: FIRST enable the table's stream (NEW_AND_OLD_IMAGES) and deploy the function, THEN run "
                        + "backfill. It never hides a streamed change: items whose object already has any version are "
                        + "skipped, and every PUT is conditional (If-None-Match: *), so a streamed write during the "
                        + "backfill wins.",
                "Running it again is harmless: what is in the backup is skipped.",
                "",
                "Use the function's settings: --prefix (BackupPrefix), --plain-text-keys "
                        + "(PlainTextKeyAsFilename=true), --tenant-column (MultiTenancyColumn).",
                "Exit codes: 0 done, 1 some items or change logs not written, 2 usage."})
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "The DynamoDB table to back up.")
    String table;

    @Mixin
    LayoutOptions layout;

    @Option(names = "--write-concurrency", defaultValue = "32",
            description = "Items checked and written at once. Default: ${DEFAULT-VALUE}.")
    int writeConcurrency;

    @Mixin
    RunOptions run;

    @Mixin
    ScanOptions scan;

    @Override
    public Integer call() throws Exception {
        ClientSettings settings = run.aws.settings(Math.max(writeConcurrency, scan.segments) + 8);
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings); S3Client s3 = AwsClients.s3(settings)) {
            Backfill backfill = new Backfill(dynamoDb, s3, new BackfillOptions(table, layout.where.bucket,
                    layout.where.prefix, scan.segments, scan.maxRcu, layout.plainTextKeys, layout.tenantColumn,
                    writeConcurrency), Clock.systemUTC());
            BackfillReport report;
            try (ProgressBars progress = run.progress(false)) {
                progress.start("Backfill " + table, backfill.approximateItemCount(), "items");
                report = backfill.run(progress::step);
            }
            return run.print(report::toJson, report.summary(), report.ok());
        }
    }
}
