package dev.ddbbackup.cli;

import dev.ddbbackup.job.Job;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.stepfunctions.StepFunctionsClient;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A job (restore, snapshot, verify) fanned out on Step Functions ({@code --on-step-functions}) and
 * the partitions of MD5 item names its workers share.
 */
public final class FanOutOptions {

    @Mixin
    StepFunctionsOptions stepFunctions;

    @Option(names = "--partitions", paramLabel = "16|256|4096", description = "16, 256 or 4096 partitions of MD5 item"
            + " names (more: less memory, up to as many segments). Default: 4096 with --on-step-functions (one partition"
            + " per worker invocation must fit in Lambda's 15 minutes), 16 on this machine.")
    Integer partitions;

    boolean enabled() {
        return stepFunctions.enabled();
    }

    /** --partitions, else 4096 on Step Functions and 16 on this machine. */
    PartitionWidth width() {
        return BackupOptions.partitions(partitions != null ? partitions : enabled() ? 4096 : 16);
    }

    /**
     * Runs the job on {@code segments} workers at once; prints its merged report; the exit code.
     * The job is made once the stack is known (a snapshot writes into its job bucket).
     */
    int run(Function<StepFunctionsJob, Job> job, int segments, S3Client s3, RunOptions run) throws Exception {
        try (StepFunctionsClient client = stepFunctions.client(run.aws)) {
            StepFunctionsJob fanOut = new StepFunctionsJob(client, s3, stepFunctions.stateMachineArn,
                    stepFunctions.pollSeconds, System.err);
            return fanOut.run(job.apply(fanOut), segments, run.json, run.out());
        }
    }
}
