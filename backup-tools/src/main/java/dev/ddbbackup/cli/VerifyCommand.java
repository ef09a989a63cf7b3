package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.verify.DrillReport;
import dev.ddbbackup.verify.RestoreDrill;
import dev.ddbbackup.verify.Verifier;
import dev.ddbbackup.verify.VerifyReport;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code verify}: the live table against its backup, or a restore drill into a scratch table. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Compare the live table, item by item, with the backup's latest state: items missing from the",
                "backup, extra items in the backup, items whose content differs (counts and a few keys).",
                "Items changed in the last seconds may show as differences while the stream catches up:",
                "run it again, or run it on a quiet table.",
                "",
                "--restore-drill --to TIME: restore the backup's state at TIME into a scratch table, compare",
                "the scratch table with the backup's state at TIME, and delete the scratch table (always).",
                "Needs _table.json in the backup (backfill writes it). Schedule it (see docs/TOOLS.md).",
                "Exit codes: 0 no difference, 1 differences or a failed drill, 2 usage."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "The table (its backup's name, and the live table compared).")
    String table;

    @Option(names = "--bucket", required = true, description = "The backup bucket.")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "The backup prefix. Default: none.")
    String prefix;

    @Option(names = "--tenant", description = "Only this tenant (the tenancy attribute's value); needs --tenant-column.")
    String tenant;

    @Option(names = "--tenant-column", paramLabel = "ATTRIBUTE",
            description = "The tenancy attribute (MultiTenancyColumn), to pick the tenant's items from the table.")
    String tenantColumn;

    @Option(names = "--restore-drill", description = "Restore into a scratch table and compare it instead of the live table.")
    boolean drill;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeConverter.class,
            description = "With --restore-drill: the point in time (ISO-8601, e.g. 2026-11-20T10:00:00Z).")
    Instant to;

    @Option(names = "--scratch-table", paramLabel = "NAME",
            description = "With --restore-drill: the scratch table's name. Default: TABLE-drill-yyyyMMdd-HHmmss.")
    String scratchTable;

    @Option(names = "--segments", defaultValue = "8", description = "Parallel Scan segments. Default: ${DEFAULT-VALUE}.")
    int segments;

    @Option(names = "--max-rcu", paramLabel = "N", description = "Cap on read capacity units per second for the Scan.")
    Double maxRcu;

    @Option(names = "--threads", defaultValue = "8", description = "Backup partitions read at once. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--concurrency", defaultValue = "32", description = "S3 requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of the summary.")
    boolean json;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (drill && to == null) {
            throw new ParameterException(spec.commandLine(), "--restore-drill needs --to TIME");
        }
        if (!drill && (to != null || scratchTable != null)) {
            throw new ParameterException(spec.commandLine(), "--to and --scratch-table go with --restore-drill");
        }
        if (maxRcu != null && !(maxRcu > 0)) {
            throw new ParameterException(spec.commandLine(), "--max-rcu must be positive");
        }
        Verifier.Options options = new Verifier.Options(bucket, prefix, table, tenant, tenantColumn, segments, maxRcu,
                threads, concurrency);
        ClientSettings settings = aws.settings(concurrency + segments + 8);
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings); S3Client s3 = AwsClients.s3(settings);
             ProgressBars progress = new ProgressBars()) {
            if (drill) {
                String name = scratchTable != null ? scratchTable : RestoreDrill.defaultScratchName(table, Instant.now());
                DrillReport report = new RestoreDrill(dynamoDb, s3, options).run(to, name, progress, true);
                progress.close();
                Reports.print(spec.commandLine().getOut(), json, report::toJson, report.summary());
                return report.ok() ? Main.EXIT_OK : Main.EXIT_PROBLEM;
            }
            VerifyReport report = new Verifier(dynamoDb, s3, options).compare(table, null, progress);
            progress.close();
            Reports.print(spec.commandLine().getOut(), json, report::toJson, report.summary());
            return report.ok() ? Main.EXIT_OK : Main.EXIT_PROBLEM;
        }
    }
}
