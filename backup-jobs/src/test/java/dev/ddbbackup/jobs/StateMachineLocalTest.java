package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The restore state machine ({@code statemachine/fanout.asl.json}, as the template deploys it)
 * validated by asl-validator and executed by aws-local-stepfunctions, its Task states bound to the
 * jobs' Lambda package under AWS's runtime interface client, against S3Mock and DynamoDB Local:
 * the target table equals a single-machine restore of the same backup, also when a worker
 * invocation fails part-way (DynamoDB answering 500 to one batch more often than the SDK retries)
 * and the state machine's Retry runs it again; a segment that cannot run fails the execution with
 * the merged report as its cause.
 *
 * <p>aws-local-stepfunctions runs the Distributed Map like an inline one (its child executions are
 * iterations of the parent, at most 40 at once, no Map Run): the segments' loops, retries, catches
 * and the merge run as deployed; the Distributed Map's own machinery (child Standard executions,
 * their IAM, the 256 KiB result limit) needs AWS.
 */
class StateMachineLocalTest extends FanOutSuite {

    static final Path DEFINITION = Path.of("..", "statemachine", "fanout.asl.json");
    static final Map<String, String> SUBSTITUTIONS =
            LocalStateMachine.substitutions("ddb-backup-restore-worker", "ddb-backup-merge");

    @BeforeAll
    static void setUp() throws Exception {
        onLocalStateMachine(240);
    }

    static ObjectNode input(JobRequest request) {
        ObjectNode input = FanOutFixture.MAPPER.createObjectNode();
        input.set("request", request.toJson());
        ArrayNode indexes = input.putArray("segmentIndexes");
        for (int i = 0; i < request.segments(); i++) {
            indexes.add(i);
        }
        return input;
    }

    @Test
    void aRestoreWithAWorkerFailingOnceEqualsTheSingleMachineRestore() throws Exception {
        String local = "SfnLocal" + fixture.id;
        RestoreReport expected = fixture.restoreOnOneMachine(local, BackupFixture.T1);
        Map<String, String> expectedItems = fixture.items(local);
        String target = "SfnTarget" + fixture.id;
        LocalDynamo.createTable(fixture.dynamoDb, target);
        JobRequest request = fixture.restore(target, BackupFixture.T1, 3, "sfn-" + fixture.id, 40);
        // One item's batch fails with 500 as often as the SDK tries a call (AwsClients: 6 attempts).
        String marker = expectedItems.keySet().iterator().next();
        String id = FanOutFixture.MAPPER.readTree(marker).path("id").path("S").asText();
        try (FaultyDynamoDbProxy dynamo = new FaultyDynamoDbProxy(LocalServers.dynamoDbEndpoint(),
                "\"S\":\"" + id + "\"", 6)) {
            JsonNode report = runWithAWorkerFailingOnce(dynamo, "restore", List.of("RunSegment"), "RunSegment",
                    DEFINITION, SUBSTITUTIONS, request).result().path("output");
            assertThat(report.path("ok").asBoolean()).isTrue();
            assertThat(report.path("partitionsDone").asInt()).isEqualTo(256);
            JsonNode one = FanOutFixture.json(expected);
            for (String field : new String[] {"puts", "deletes", "movedOut", "deletesSkippedEmptyTarget", "unknownKeys"}) {
                assertThat(report.path("counts").path(field).asLong()).as(field).isEqualTo(one.path(field).asLong());
            }
        }
        assertThat(fixture.items(target)).isEqualTo(expectedItems);
    }

    @Test
    void aSegmentThatCannotRunFailsTheExecutionWithTheMergedReportAsCause() throws Exception {
        JobRequest request = fixture.restore("Missing" + fixture.id, BackupFixture.T2, 2, "sfn-refused-" + fixture.id, 0);
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "restore"),
                FanOutFixture.ACCESS_KEY, 1);
             JobSandbox merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
             LocalStateMachine machine = LocalStateMachine.forwardingTo(Map.of("RunSegment", worker, "Merge", merge))) {
            JsonNode result = machine.run(DEFINITION, SUBSTITUTIONS, input(request));

            assertThat(result.path("status").asText()).as("%s", result).isEqualTo("FAILED");
            assertThat(result.path("error").asText()).isEqualTo("SegmentsFailed");
            assertThat(result.path("retries").path("RunSegment").asInt(0)).as("a refusal is not retried").isZero();
            assertThat(machine.invocations.stream().filter(i -> i.state().equals("RunSegment"))).hasSize(2)
                    .allSatisfy(i -> assertThat(i.errorType()).isEqualTo(JobRefusedException.class.getName()));
            JsonNode cause = FanOutFixture.MAPPER.readTree(result.path("cause").asText());
            assertThat(cause.path("ok").asBoolean(true)).isFalse();
            assertThat(cause.path("failedSegmentCount").asInt()).isEqualTo(2);
            assertThat(cause.path("failedSegments").get(0).path("error").asText())
                    .isEqualTo(JobRefusedException.class.getName());
            assertThat(cause.path("failedSegments").get(0).path("cause").asText()).contains("does not exist");
        }
    }
}
