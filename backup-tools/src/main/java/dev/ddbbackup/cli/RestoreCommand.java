package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.restore.TableCreator;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code restore}: a table (or one tenant, or one item) as it was at a point in time. */
@Command(name = "restore", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Restore a table, a tenant or one item from the backup as of a point in time.",
                "For every item in scope, TARGET gets the image of the item's last change at or before TIME; items "
                        + "absent at TIME (deleted, or created later) are deleted from TARGET.",
                "Writing into the source table needs --in-place. Every image is read and checked before the first "
                        + "write; problems stop the restore unless --allow-missing-versions / --skip-bad-objects.",
                "Exit codes: 0 restored; 1 problems in the backup (nothing written, or items left out and listed) or "
                        + "a failure; 2 usage, or refused (target is the source, other key schema, would only delete).",
                "--on-step-functions ARN runs it on Lambda workers driven by the stack's state machine (FanOut=true).",
                "See docs/RESTORE.md."})
public final class RestoreCommand implements Callable<Integer> {

    @Mixin
    BackupOptions backup;

    @Option(names = "--to", required = true, paramLabel = "TIME", converter = PointInTime.class,
            description = "ISO-8601 instant (2026-11-20T10:15:00Z) or 'now'.")
    Instant to;

    @Mixin
    TargetOptions target;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--create-table", description = "Create TARGET from the backup's _table.json (indexes, TTL) first.")
    boolean createTable;

    @Option(names = "--allow-delete-all", description = "Go ahead when the restore would delete items and put none"
            + " (a time before the first backup, a scope with no items then); otherwise it refuses.")
    boolean allowDeleteAll;

    @Mixin
    ProblemOptions problems;

    @Option(names = "--segment", defaultValue = "0", description = "This machine's segment (0-based) of --segments.")
    int segment;

    @Option(names = "--segments", defaultValue = "1", description = "Split the key space over this many machines.")
    int segments;

    @Option(names = "--concurrency", defaultValue = "64", description = "Concurrent S3 GETs (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    RunOptions run;

    @Mixin
    FanOutOptions fanOut;

    @Override
    public Integer call() throws Exception {
        String table = backup.table;
        String into = target.target(table);
        if (createTable && target.inPlace) {
            throw new IllegalArgumentException("--create-table and --in-place exclude each other");
        }
        PartitionWidth width = fanOut.width();
        if (fanOut.enabled() && segment != 0) {
            throw new IllegalArgumentException("--segment goes with a run on this machine; with --on-step-functions"
                    + " every segment of --segments runs on its own worker");
        }
        RestoreJobSpec job = new RestoreJobSpec(backup.read(width, concurrency), to, scope.tenant, scope.key(), into,
                target.dryRun, createTable, false, allowDeleteAll, problems.allowMissingVersions, problems.skipBadObjects,
                target.maxWcu);
        Segment mine = Segment.of(segment, segments);

        ClientSettings settings = run.aws.settings(Math.max(concurrency, 64));
        try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            target.refuseSource(dynamoDb, table, into);
            if (fanOut.enabled()) {
                return onStepFunctions(s3, dynamoDb, job);
            }
            RestoreReport report = new RestoreJob(s3, dynamoDb).withProgress(run.shown(run.json))
                    .run(job, mine, PartitionGate.always());
            System.out.print(run.json ? report.toJson() + System.lineSeparator() : report.toHuman());
            if (report.outcome() == RestoreReport.Outcome.STOPPED || report.outcome() == RestoreReport.Outcome.REFUSED) {
                run.error(report.message());
            }
            return ExitCodes.of(report);
        }
    }

    /**
     * The restore fanned out over the stack's workers. The table is created here, once, before the
     * execution starts; each worker checks its segment (key schema, every image) before it writes.
     */
    private int onStepFunctions(S3Client s3, DynamoDbClient dynamoDb, RestoreJobSpec job) throws Exception {
        if (createTable) {
            TableDescriptionJson.Stored description = job.backup().reader(s3).tableDescription().orElseThrow(() ->
                    new IllegalArgumentException("No table description at s3://" + job.location().bucket() + "/"
                            + job.location().layout().tableDescriptionKey(job.table())
                            + ": cannot --create-table; create " + job.targetTable() + " yourself and restore into it"));
            if (!job.dryRun()) {
                TableCreator.create(dynamoDb, description, job.targetTable());
            }
        } else if (!job.dryRun() && !TableCreator.exists(dynamoDb, job.targetTable())) {
            throw new IllegalArgumentException("Target table " + job.targetTable() + " does not exist (use --create-table)");
        }
        RestoreJobSpec started = createTable ? job.tableCreated() : job;
        return fanOut.run(stack -> started, segments, s3, run);
    }
}
