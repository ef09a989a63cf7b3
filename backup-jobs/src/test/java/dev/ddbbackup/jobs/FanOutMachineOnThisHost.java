package dev.ddbbackup.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fan-out state machine of a stack that runs {@code job} jobs (restore, whose worker serves
 * reverts and changes listings too, or snapshot), on this machine: its definition
 * ({@link StateMachineLocalTest#DEFINITION}) run by aws-local-stepfunctions behind a local Step
 * Functions API, its tasks the jobs' Lambda package (the worker of that job and the merge) under the
 * runtime interface client, its job bucket {@code workBucket}. What the command line's
 * {@code --on-step-functions} tests run against.
 */
final class FanOutMachineOnThisHost implements AutoCloseable {

    /** The ARN of the stack's machine for {@code job} jobs. */
    final String arn;
    final JobSandbox worker;
    private final JobSandbox merge;
    private final LocalStateMachine machine;
    final LocalStepFunctionsApi api;

    FanOutMachineOnThisHost(Path work, String workBucket, String job) throws Exception {
        arn = "arn:aws:states:us-east-1:123456789012:stateMachine:ddb-backup-" + job;
        worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", job), FanOutFixture.ACCESS_KEY, 2);
        merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
        machine = LocalStateMachine.forwardingTo(Map.of("RunSegment", worker, "Merge", merge));
        api = new LocalStepFunctionsApi(Map.of(arn, new LocalStepFunctionsApi.Machine(StateMachineLocalTest.DEFINITION,
                LocalStateMachine.substitutions(job + "-worker", "merge"),
                Map.of("ddb-backup:job-bucket", workBucket, "ddb-backup:job", job), machine)));
    }

    /** The options that run a command on this machine, on {@code segments} workers. */
    List<String> options(int segments) {
        return List.of("--on-step-functions", arn, "--stepfunctions-endpoint", api.endpoint().toString(),
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
