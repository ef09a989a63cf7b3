package dev.ddbbackup.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The restore state machine of a stack, on this machine: its definition run by
 * aws-local-stepfunctions behind a local Step Functions API, its tasks the jobs' Lambda package
 * (the restore worker, which serves reverts and changes listings too, and the merge) under the
 * runtime interface client, its job bucket {@code workBucket}. What the command line's
 * {@code --on-step-functions} tests run against.
 */
final class RestoreMachineOnThisHost implements AutoCloseable {

    static final String RESTORE_ARN = CommandLineOnStepFunctionsTest.RESTORE_ARN;

    final JobSandbox worker;
    private final JobSandbox merge;
    private final LocalStateMachine machine;
    private final LocalStepFunctionsApi api;

    RestoreMachineOnThisHost(Path work, String workBucket) throws Exception {
        worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "restore"), FanOutFixture.ACCESS_KEY, 2);
        merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
        machine = LocalStateMachine.forwardingTo(Map.of("RunSegment", worker, "Merge", merge));
        api = new LocalStepFunctionsApi(Map.of(RESTORE_ARN, new LocalStepFunctionsApi.Machine(
                StateMachineLocalTest.DEFINITION, Map.of(
                        "SegmentWorkerArn", "arn:aws:lambda:us-east-1:123456789012:function:restore-worker",
                        "MergeFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:merge"),
                Map.of("ddb-backup:job-bucket", workBucket, "ddb-backup:job", "restore"), machine)));
    }

    /** The options that run a command on this machine, on {@code segments} workers. */
    List<String> options(int segments) {
        return List.of("--on-step-functions", RESTORE_ARN, "--stepfunctions-endpoint", api.endpoint().toString(),
                "--poll-seconds", "1", "--segments", Integer.toString(segments));
    }

    /** {@code command} followed by {@code options}. */
    static String[] args(List<String> options, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    @Override
    public void close() throws Exception {
        try (JobSandbox w = worker; JobSandbox m = merge; LocalStateMachine s = machine; LocalStepFunctionsApi a = api) {
            // closed in the reverse order of their start, as the try-with-resources of the tests did
        }
    }
}
