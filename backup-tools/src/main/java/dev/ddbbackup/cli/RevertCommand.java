package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.revert.RevertReport;
import dev.ddbbackup.revert.WindowChanges;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code revert}: the items changed in a window (T1, T2] put back to their state at T1, and nothing else. */
@Command(name = "revert", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Undo the changes made in the window (T1, T2]: every item changed in it gets its state at T1 (its "
                        + "image put back, or deleted when it did not exist at T1); no other item is touched.",
                "An item changed again after T2 is a conflict: left alone and listed unless "
                        + "--overwrite-later-changes.",
                "Every write is conditional on the live item being what the backup says it was at T2 (or at its "
                        + "newest change): an item a writer changed meanwhile is left alone and listed, never overwritten.",
                "Every image is read and checked before the first write; writing into the source needs --in-place.",
                "Exit codes: 0 everything reverted (or, with --dry-run, would be); 1 items left out (listed) or "
                        + "problems in the backup (nothing written); 2 usage or refused.",
                "--on-step-functions RESTORE_STATE_MACHINE_ARN runs it on --segments Lambda workers, after a dry run "
                        + "of every segment found no problem. See docs/RESTORE.md, 'Undo a bad deploy'."})
public final class RevertCommand implements Callable<Integer> {

    @Mixin
    WindowOptions window;

    @Mixin
    TargetOptions target;

    @Option(names = "--overwrite-later-changes", description = "Revert items changed again after T2 too (their"
            + " later changes are undone; the writes are conditional on their newest state).")
    boolean overwriteLaterChanges;

    @Option(names = "--write-concurrency", defaultValue = "8", description = "Items written at once (default: ${DEFAULT-VALUE}).")
    int writeConcurrency;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        String source = window.table();
        String into = target.target(source);
        RevertJobSpec job = new RevertJobSpec(window.read(), window.from, window.to, window.scope.tenant,
                window.scope.key(), into, target.dryRun, overwriteLaterChanges, target.maxWcu, writeConcurrency);
        ClientSettings settings = window.settings(run);
        try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            target.refuseSource(dynamoDb, source, into);
            if (window.fanOut.enabled()) {
                // A missing target or another key is refused here, before an execution starts.
                RevertJob.targetKey(dynamoDb, into, job.backup().reader(s3));
                return window.fanOut.run(job.dryRun() ? null : job.asDryRun(), stack -> job, window.segments, s3, run);
            }
            RevertJob.Share share;
            try (ProgressBars progress = run.progress(run.json)) {
                share = new RevertJob(s3, dynamoDb).run(job, Segment.all(), PartitionGate.always(), progress);
            }
            WindowChanges changes = share.changes();
            RevertReport result = share.report();
            run.print(mapper -> {
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
