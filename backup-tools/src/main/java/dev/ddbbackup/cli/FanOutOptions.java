package dev.ddbbackup.cli;

import dev.ddbbackup.job.Job;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.stepfunctions.StepFunctionsClient;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A job (restore, snapshot, verify, changes, revert) fanned out on Step Functions ({@code --on-step-functions})
 * and the partitions of MD5 item names its workers share.
 */
public final class FanOutOptions {

    @Mixin
    StepFunctionsOptions stepFunctions;

    @Option(names = "--partitions", paramLabel = "16|256|4096", description = "16, 256 or 4096 partitions of MD5 item"
            + " names (more: less memory, up to as many segments). Default: 16 on this machine; with"
            + " --on-step-functions 4096 (changes, revert: 256), as one partition per worker invocation must fit in Lambda's"
            + " 15 minutes.")
    Integer partitions;

    /** The partitions of a fanned-out job unless --partitions says otherwise. */
    private final int fannedOut;

    public FanOutOptions() {
        this(4096);
    }

    FanOutOptions(int fannedOut) {
        this.fannedOut = fannedOut;
    }

    boolean enabled() {
        return stepFunctions.enabled();
    }

    /**
     * --partitions (16, 256 or 4096: {@link OptionRules} refused any other), else the fanned-out
     * default on Step Functions and 16 on this machine.
     */
    PartitionWidth width() {
        return PartitionWidth.ofCount(partitions != null ? partitions : enabled() ? fannedOut : 16);
    }

    /** Runs the job on {@code segments} workers at once; prints its merged report; the exit code. */
    int run(Function<StepFunctionsJob, Job> job, int segments, S3Client s3, RunOptions run) throws Exception {
        return run(null, job, segments, s3, run);
    }

    /**
     * Runs {@code check} first when there is one (a dry run of every segment), then the job, made once
     * the stack is known (a snapshot writes into its job bucket).
     */
    int run(Job check, Function<StepFunctionsJob, Job> job, int segments, S3Client s3, RunOptions run) throws Exception {
        try (StepFunctionsClient client = stepFunctions.client(run.aws)) {
            StepFunctionsJob fanOut = job(client, s3);
            return fanOut.run(check, job.apply(fanOut), segments, run);
        }
    }

    /** Runs {@code job} on {@code segments} workers at once, without printing its report: for a command that prints its own. */
    StepFunctionsJob.Finished execute(Job job, int segments, S3Client s3, RunOptions run) throws InterruptedException {
        try (StepFunctionsClient client = stepFunctions.client(run.aws)) {
            return job(client, s3).execute(job, segments, null);
        }
    }

    private StepFunctionsJob job(StepFunctionsClient client, S3Client s3) {
        return new StepFunctionsJob(client, s3, stepFunctions.stateMachineArn, stepFunctions.pollSeconds, System.err);
    }
}
