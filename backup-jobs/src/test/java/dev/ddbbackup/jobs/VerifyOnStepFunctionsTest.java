package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verify state machine ({@code statemachine/verify.asl.json}, as the template deploys it)
 * validated by asl-validator and executed by aws-local-stepfunctions, its Task states bound to the
 * jobs' Lambda package under AWS's runtime interface client against S3Mock and DynamoDB Local: the
 * scan phase reads the table in Scan segments over several invocations each, the compare phase
 * compares the backup's partitions over several invocations each, and the merged report equals the
 * single-machine verify of the same table and backup, also when a scan invocation fails (DynamoDB
 * answering 500 to one Scan segment more often than the SDK retries) and the Retry runs it again.
 */
class VerifyOnStepFunctionsTest extends FanOutSuite {

    static final Path DEFINITION = Path.of("..", "statemachine", "verify.asl.json");
    static final Map<String, String> SUBSTITUTIONS =
            LocalStateMachine.substitutions("ddb-backup-verify-worker", "ddb-backup-merge");
    /** The verify report's counts a fanned-out verify must equal. */
    static final String[] COUNTS = {"tableItems", "backupItems", "missing", "extra", "differing", "unreadable"};

    @BeforeAll
    static void setUp() throws Exception {
        onLocalStateMachine(240);
    }

    @Test
    void aVerifyWithAScanWorkerFailingOnceEqualsTheSingleMachineVerify() throws Exception {
        JsonNode expected = fixture.verifyOnOneMachine();
        assertThat(expected.path("ok").asBoolean()).as("the local verify: %s", expected).isTrue();
        // 3 Scan segments of ~80 items, at most 50 per invocation; 256 partitions, at most 40 per invocation.
        JobRequest request = fixture.verify(3, "verify-" + fixture.id, 40, 50);
        try (FaultyDynamoDbProxy dynamo = new FaultyDynamoDbProxy(LocalServers.dynamoDbEndpoint(), "Scan",
                "\"Segment\":1", 6)) {
            Execution execution = runWithAWorkerFailingOnce(dynamo, "verify", List.of("ScanSegment", "RunSegment"),
                    "ScanSegment", DEFINITION, SUBSTITUTIONS, request);
            // Every compare invocation began after the last scan invocation: the table was read whole first.
            int lastScan = -1;
            int firstCompare = Integer.MAX_VALUE;
            for (int i = 0; i < execution.invocations().size(); i++) {
                String state = execution.invocations().get(i).state();
                if (state.equals("ScanSegment")) {
                    lastScan = i;
                } else if (state.equals("RunSegment")) {
                    firstCompare = Math.min(firstCompare, i);
                }
            }
            assertThat(lastScan).isLessThan(firstCompare);

            JsonNode report = execution.result().path("output");
            assertThat(report.path("ok").asBoolean()).as("%s", report).isTrue();
            assertThat(report.path("partitionsDone").asInt()).isEqualTo(256);
            // 256 partitions over 3 segments, at most 40 per invocation: 3 invocations each.
            assertThat(report.path("invocations").asInt()).isEqualTo(9);
            JsonNode scan = report.path("scan");
            assertThat(scan.path("items").asLong()).isEqualTo(fixture.items(fixture.backup.table).size());
            assertThat(scan.path("invocations").asLong()).as("several scan invocations per segment").isGreaterThan(3);
            for (String field : COUNTS) {
                assertThat(report.path("counts").path(field).asLong()).as(field).isEqualTo(expected.path(field).asLong());
            }
        }
    }

    @Test
    void aTableThatIsNotItsBackupFailsTheExecutionWithTheDifferencesTheLocalVerifyFinds() throws Exception {
        FanOutFixture changed = new FanOutFixture(60);
        // Changes the stream never saw: one item changed, one deleted, one added.
        Map<String, JsonNode> items = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : changed.items(changed.backup.table).entrySet()) {
            items.put(e.getKey(), FanOutFixture.MAPPER.readTree(e.getValue()));
        }
        var keys = new java.util.ArrayList<>(items.keySet());
        var first = dev.ddbbackup.json.DynamoJson.parseSdkItem(items.get(keys.get(0)).toString());
        var modified = new java.util.LinkedHashMap<>(first);
        modified.put("value", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("changed by hand"));
        changed.dynamoDb.putItem(b -> b.tableName(changed.backup.table).item(modified));
        var second = dev.ddbbackup.json.DynamoJson.parseSdkItem(items.get(keys.get(1)).toString());
        changed.dynamoDb.deleteItem(b -> b.tableName(changed.backup.table).key(BackupFixture.keyOf(second)));
        changed.dynamoDb.putItem(b -> b.tableName(changed.backup.table).item(BackupFixture.item("by-hand", 1, "x")));
        JsonNode expected = changed.verifyOnOneMachine();
        assertThat(expected.path("differing").asLong()).isEqualTo(1);
        assertThat(expected.path("extra").asLong()).isEqualTo(1);
        assertThat(expected.path("missing").asLong()).isEqualTo(1);

        JobRequest request = changed.verify(2, "verify-diff-" + changed.id, 0, 0);
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "verify"),
                FanOutFixture.ACCESS_KEY, 1);
             JobSandbox merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
             LocalStateMachine machine = LocalStateMachine.forwardingTo(Map.of("ScanSegment", worker,
                     "RunSegment", worker, "Merge", merge))) {
            JsonNode result = machine.run(DEFINITION, SUBSTITUTIONS, StateMachineLocalTest.input(request));

            assertThat(result.path("status").asText()).as("%s\nworker:\n%s", result, worker.output()).isEqualTo("FAILED");
            assertThat(result.path("error").asText()).isEqualTo("Differences");
            JsonNode cause = FanOutFixture.MAPPER.readTree(result.path("cause").asText());
            assertThat(cause.path("ok").asBoolean(true)).isFalse();
            assertThat(cause.path("partitionsDone").asInt()).isEqualTo(256);
            for (String field : COUNTS) {
                assertThat(cause.path("counts").path(field).asLong()).as(field).isEqualTo(expected.path(field).asLong());
            }
            for (String kind : new String[] {"missing", "extra", "differing"}) {
                assertThat(cause.path("counts").path("examples").path(kind)).as(kind)
                        .isEqualTo(expected.path("examples").path(kind));
            }
        }
    }
}
