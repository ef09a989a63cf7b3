package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.fanout.ChangesCounts;
import dev.ddbbackup.fanout.ChangesListing;
import dev.ddbbackup.job.ChangesJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.revert.ChangesJob;
import dev.ddbbackup.revert.ListedChange;
import dev.ddbbackup.revert.WindowChanges;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code changes}: every item changed in a window (T1, T2], its states at T1 and T2 and what changed. */
@Command(name = "changes", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Show every item changed in the window (T1, T2]: its state at T1 and at T2 (added, modified, deleted, "
                        + "or unchanged when it came back to its T1 state), the attributes that differ, the number of its "
                        + "changes in the window and whether it changed again after T2; counts per kind and per tenant.",
                "Reads only the change logs of the window's hours (from T1 less 25 hours on) and the versions of the "
                        + "items changed in it. Exit codes: 0 shown; 1 problems in the backup (listed); 2 usage.",
                "--on-step-functions RESTORE_STATE_MACHINE_ARN reads it on --segments Lambda workers, which write "
                        + "their items to the job bucket; the listing printed is the same. See docs/RESTORE.md, 'Undo a bad "
                        + "deploy'."})
public final class ChangesCommand implements Callable<Integer> {

    @Mixin
    WindowOptions window;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        ChangesJobSpec job = new ChangesJobSpec(window.read(), window.from, window.to,
                window.scope.tenant, window.scope.key());
        ChangesOutput output;
        try (S3Client s3 = AwsClients.s3(window.settings(run))) {
            if (window.fanOut.enabled()) {
                return onStepFunctions(job, s3);
            }
            try (ProgressBars progress = run.progress(run.json)) {
                output = ChangesOutput.of(new ChangesJob(s3).run(job, Segment.all(), PartitionGate.always(), progress)
                        .changes());
            }
        }
        return print(output);
    }

    /**
     * The window read by {@code --segments} workers, each writing its items to the job bucket, then
     * read back here: the listing printed is the one a run on this machine prints.
     */
    private int onStepFunctions(ChangesJobSpec job, S3Client s3) throws InterruptedException {
        StepFunctionsJob.Finished finished = window.fanOut.execute(job, window.segments, s3, run);
        if (finished.report() == null || !finished.report().ok()) {
            return StepFunctionsJob.print(finished.report(), run);
        }
        ChangesCounts counts = (ChangesCounts) finished.report().counts();
        List<ListedChange> items = ChangesListing.read(s3, finished.work());
        if (!counts.counted(items)) {
            throw new IllegalStateException("The listings in " + finished.work() + " hold " + items.size()
                    + " items, the workers' reports count " + counts.items());
        }
        return print(new ChangesOutput(job.from(), job.to(), WindowChanges.readFrom(counts.source(), counts.stats()),
                items, counts.problems().stream().map(p -> p.in(job.location().bucket())).toList(), counts.stats()));
    }

    private int print(ChangesOutput output) {
        return run.print(mapper -> output.toJson(mapper.createObjectNode()), output.human(), output.problems().isEmpty());
    }
}
