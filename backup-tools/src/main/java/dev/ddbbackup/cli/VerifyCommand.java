package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.layout.PartitionWidth;
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
@Command(name = "verify", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100, sortOptions = false,
        description = {
                "Compare the live table with its backup item by item, or run a restore drill.",
                "",
                "Reports items missing from the backup, extra items in the backup and items whose content differs "
                        + "(counts and a few keys). Items changed in the last seconds may differ while the stream catches "
                        + "up: run it again, or on a quiet table.",
                "",
                "--restore-drill --to TIME: restore the backup's state at TIME into a scratch table (with the restore "
                        + "engine), compare it with the backup's state at TIME, and delete the scratch table, always. Needs "
                        + "_table.json in the backup (backfill writes it). Schedule it: see docs/TOOLS.md.",
                "",
                "--on-step-functions ARN (VerifyStateMachineArn of a FanOut=true stack): on --segments Lambda "
                        + "workers, each scanning one Scan segment of the table, then each comparing its share of the "
                        + "backup's --partitions; --max-rcu caps them all.",
                "Exit codes: 0 no difference, 1 differences or a failed drill (or a failed run), 2 usage."})
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ComparisonOptions compare;

    @Option(names = "--restore-drill", description = "Restore into a scratch table and compare it instead of the live table.")
    boolean drill;

    @Option(names = "--to", paramLabel = "TIME", converter = PointInTime.class,
            description = "With --restore-drill: the point in time (ISO-8601, e.g. 2026-11-20T10:00:00Z, or 'now').")
    Instant to;

    @Option(names = "--scratch-table", paramLabel = "NAME",
            description = "With --restore-drill: the scratch table's name. Default: TABLE-drill-yyyyMMdd-HHmmss.")
    String scratchTable;

    @Mixin
    RunOptions run;

    @Mixin
    FanOutOptions fanOut;

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
        if (fanOut.enabled()) {
            return onStepFunctions();
        }
        if (fanOut.partitions != null) {
            throw new ParameterException(spec.commandLine(), "--partitions goes with --on-step-functions");
        }
        VerifyJobSpec job = compare.job(PartitionWidth.P16);
        ClientSettings settings = run.aws.settings(compare.read.concurrency + compare.scan.segments + 8);
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings); S3Client s3 = AwsClients.s3(settings);
             ProgressBars progress = run.progress(false)) {
            if (drill) {
                String name = scratchTable != null ? scratchTable
                        : RestoreDrill.defaultScratchName(compare.backup.table, Instant.now());
                DrillReport report = new RestoreDrill(dynamoDb, s3, compare.read.threads).run(job, to, name, progress,
                        true);
                progress.close();
                return run.print(report::toJson, report.summary(), report.ok());
            }
            VerifyReport report = new Verifier(dynamoDb, s3, compare.read.threads).compare(job, compare.backup.table,
                    progress);
            progress.close();
            return run.print(report::toJson, report.summary(), report.ok());
        }
    }

    /**
     * The comparison fanned out over the stack's verify workers: the same comparison (the latest
     * state of the backup against the live table), its table read once by {@code --segments} Scan
     * segments, one per worker.
     */
    private int onStepFunctions() throws Exception {
        if (drill) {
            throw new ParameterException(spec.commandLine(), "--restore-drill runs on this machine; for a fanned-out"
                    + " drill, restore --on-step-functions into a scratch table and verify it");
        }
        if (compare.tenancy.tenant != null && compare.tenancy.column() == null) {
            throw new ParameterException(spec.commandLine(), "--tenant needs --tenant-column (the function's"
                    + " MultiTenancyColumn) to pick the tenant's items from the table");
        }
        PartitionWidth width = fanOut.width();
        ClientSettings settings = run.aws.settings(compare.read.concurrency + 8);
        try (S3Client s3 = AwsClients.s3(settings)) {
            return fanOut.run(stack -> compare.job(width), compare.scan.segments, s3, run);
        }
    }
}
