package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.revert.BadDeploy;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code changes --on-step-functions} on the bad-deploy model ({@link BadDeploy}), from the command
 * line to the end: the restore state machine's definition run by aws-local-stepfunctions, its tasks
 * the jobs' Lambda package (the restore worker serves changes listings), against S3Mock. The
 * listing printed, for people and as JSON, is the one {@code changes} prints on this machine.
 */
class ChangesOnStepFunctionsTest {

    static final String RESTORE_ARN = CommandLineOnStepFunctionsTest.RESTORE_ARN;

    @TempDir
    Path work;

    final S3Client s3 = LocalServers.s3();
    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String workBucket = "chg-work-" + id;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(LocalStateMachine.node().isPresent(),
                "Node.js and npm are not installed: the state machine is not executed locally");
        LocalStateMachine.install();
    }

    @Test
    void aListingOnStepFunctionsPrintsWhatTheListingOnThisMachinePrints() throws Exception {
        s3.createBucket(b -> b.bucket(workBucket));
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), s3, "ChgFan" + id, "chg-fan-" + id, 30).deploy();
        Cli.Run localText = model.cli("changes");
        Cli.Run localJson = model.cli("changes", "--json");
        assertThat(localText.exit).as(localText.toString()).isZero();
        assertThat(localJson.json().path("items").asInt()).isGreaterThan(3);
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "restore"),
                FanOutFixture.ACCESS_KEY, 2);
             JobSandbox merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
             LocalStateMachine machine = LocalStateMachine.forwardingTo(Map.of("RunSegment", worker, "Merge", merge));
             LocalStepFunctionsApi api = new LocalStepFunctionsApi(Map.of(RESTORE_ARN, new LocalStepFunctionsApi.Machine(
                     StateMachineLocalTest.DEFINITION, Map.of(
                             "SegmentWorkerArn", "arn:aws:lambda:us-east-1:123456789012:function:restore-worker",
                             "MergeFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:merge"),
                     Map.of("ddb-backup:job-bucket", workBucket, "ddb-backup:job", "restore"), machine)))) {
            List<String> fanOut = List.of("--on-step-functions", RESTORE_ARN, "--stepfunctions-endpoint",
                    api.endpoint().toString(), "--poll-seconds", "1", "--segments", "3");

            Cli.Run text = model.cli(args(fanOut, "changes"));
            assertThat(text.exit).as("%s\nworker:\n%s", text, worker.output()).isZero();
            assertThat(text.out).isEqualTo(localText.out);

            Cli.Run json = model.cli(args(fanOut, "changes", "--json"));
            assertThat(json.exit).as("%s\nworker:\n%s", json, worker.output()).isZero();
            assertThat(json.out).isEqualTo(localJson.out);
        }
    }

    private static String[] args(List<String> fanOut, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(fanOut);
        return all.toArray(String[]::new);
    }
}
