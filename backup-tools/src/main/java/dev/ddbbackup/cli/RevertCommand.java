package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.restore.TableIdentity;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.revert.RevertReport;
import dev.ddbbackup.revert.WindowChanges;
import dev.ddbbackup.stepfunctions.StepFunctionsClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code revert}: the items changed in a window (T1, T2] put back to their state at T1, and nothing else. */
@Command(name = "revert", mixinStandardHelpOptions = true,
        description = {"Undo the changes made in the window (T1, T2]: every item changed in it gets its state at T1",
                "(its image put back, or deleted when it did not exist at T1); no other item is touched.",
                "An item changed again after T2 is a conflict: left alone and listed unless --overwrite-later-changes.",
                "Every write is conditional on the live item being what the backup says it was at T2 (or at its",
                "newest change): an item a writer changed meanwhile is left alone and listed, never overwritten.",
                "Every image is read and checked before the first write; writing into the source needs --in-place.",
                "Exit codes: 0 everything reverted (or, with --dry-run, would be); 1 items left out (listed) or",
                "problems in the backup (nothing written); 2 usage or refused.",
                "--on-step-functions RESTORE_STATE_MACHINE_ARN runs it on --segments Lambda workers, after a dry run",
                "of every segment found no problem. See docs/RESTORE.md, 'Undo a bad deploy'."})
public final class RevertCommand implements Callable<Integer> {

    @Mixin
    WindowOptions window;

    @Option(names = "--target-table", paramLabel = "TARGET", description = "Table to write into (required unless --in-place).")
    String targetTable;

    @Option(names = "--in-place", description = "Allow writing into the source table itself (compared by table ARN).")
    boolean inPlace;

    @Option(names = "--dry-run", description = "Read and check everything, compare with the live items, print the"
            + " plan and write nothing.")
    boolean dryRun;

    @Option(names = "--overwrite-later-changes", description = "Revert items changed again after T2 too (their"
            + " later changes are undone; the writes are conditional on their newest state).")
    boolean overwriteLaterChanges;

    @Option(names = "--max-wcu", defaultValue = "0", description = "Cap on write capacity units per second (0: none).")
    double maxWcu;

    @Option(names = "--write-concurrency", defaultValue = "8", description = "Items written at once (default: ${DEFAULT-VALUE}).")
    int writeConcurrency;

    @Mixin
    ReportOptions report;

    @Mixin
    FanOutOptions fanOut;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        String target = targetTable != null ? targetTable : (inPlace ? window.table : null);
        if (target == null) {
            throw new IllegalArgumentException("--target-table is required (or --in-place to write into " + window.table
                    + ")");
        }
        RevertJobSpec job = new RevertJobSpec(window.read(fanOut.width()), window.fromTime(), window.toTime(),
                window.tenant, window.itemKey(), target, dryRun, overwriteLaterChanges, maxWcu, writeConcurrency);
        ClientSettings settings = aws.settings(Math.max(window.concurrency, 16));
        try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            if (!inPlace && TableIdentity.sameTable(dynamoDb, window.table, target)) {
                throw new IllegalArgumentException("TARGET " + target + " is the source table " + window.table
                        + " (the same table ARN): add --in-place to revert it");
            }
            if (fanOut.enabled()) {
                // A missing target or another key is refused here, before an execution starts.
                RevertJob.targetKey(dynamoDb, target, job.backup().reader(s3));
                try (StepFunctionsClient client = fanOut.stepFunctions.client(aws)) {
                    return new StepFunctionsJob(client, s3, fanOut.stepFunctions.stateMachineArn,
                            fanOut.stepFunctions.pollSeconds, System.err).run(job.dryRun() ? null : job.asDryRun(), job,
                            fanOut.segments, report.json, new PrintWriter(System.out));
                }
            }
            RevertJob.Share run;
            try (ProgressBars progress = window.progress.open(report.json)) {
                run = new RevertJob(s3, dynamoDb).run(job, Segment.all(), PartitionGate.always(), progress);
            }
            WindowChanges changes = run.changes();
            RevertReport result = run.report();
            report.print(mapper -> {
                var o = result.toJson(mapper);
                o.put("from", job.from().toString()).put("to", job.to().toString()).put("items", changes.items().size())
                        .put("readFrom", changes.readFrom());
                return o;
            }, String.format("Window (%s, %s]: %d items changed%nread from: %s%n", job.from(), job.to(),
                    changes.items().size(), changes.readFrom()) + result.toHuman());
            return ExitCodes.of(result);
        }
    }
}
