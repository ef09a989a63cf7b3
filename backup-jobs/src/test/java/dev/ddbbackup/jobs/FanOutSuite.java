package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.fanout.JobRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class on one backup with history ({@link FanOutFixture}, made by the class's
 * {@code @BeforeAll}) and a folder per test for the sandboxes' files. Test classes run one at a
 * time, each setting {@link #fixture} again.
 */
abstract class FanOutSuite {

    static FanOutFixture fixture;

    @TempDir
    Path work;

    /**
     * The backup of {@code items} items for a class that executes the state machines here: the
     * class is skipped where they cannot run (no Node.js).
     */
    static void onLocalStateMachine(int items) throws Exception {
        LocalStateMachine.assumeInstalled();
        fixture = new FanOutFixture(items);
    }

    /** A finished execution: its result and every task invocation, in order. */
    record Execution(JsonNode result, List<LocalStateMachine.Invocation> invocations) {
    }

    /**
     * Runs {@code definition} on {@code request}, the states {@code workerStates} bound to a worker of
     * {@code job} whose DynamoDB requests go through {@code dynamo} (which answers 500 to one of them
     * as often as the SDK tries a call: AwsClients, 6 attempts); checks that the definition is valid
     * and that the execution succeeded because the Retry of the state {@code failing} ran the failed
     * invocation again.
     */
    Execution runWithAWorkerFailingOnce(FaultyDynamoDbProxy dynamo, String job, List<String> workerStates,
            String failing, Path definition, Map<String, String> substitutions, JobRequest request) throws Exception {
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", job,
                     "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString()), FanOutFixture.ACCESS_KEY, 2);
             JobSandbox merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
             LocalStateMachine machine = LocalStateMachine.forwardingTo(states(workerStates, worker, merge))) {
            JsonNode result = machine.run(definition, substitutions, StateMachineLocalTest.input(request));

            assertThat(result.path("valid").asBoolean()).as("asl-validator: %s", result).isTrue();
            assertThat(result.path("status").asText()).as("%s\nworker:\n%s", result, worker.output()).isEqualTo("SUCCEEDED");
            assertThat(dynamo.injected.get()).isEqualTo(6);
            assertThat(machine.invocations).anySatisfy(i -> {
                assertThat(i.state()).isEqualTo(failing);
                assertThat(i.errorType()).isEqualTo(SegmentFailedException.class.getName());
            });
            assertThat(result.path("retries").path(failing).asInt()).as("retries").isGreaterThanOrEqualTo(1);
            return new Execution(result, List.copyOf(machine.invocations));
        }
    }

    private static Map<String, JobSandbox> states(List<String> workerStates, JobSandbox worker, JobSandbox merge) {
        Map<String, JobSandbox> states = new HashMap<>();
        for (String state : workerStates) {
            states.put(state, worker);
        }
        states.put("Merge", merge);
        return states;
    }
}
