package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.runtime.LambdaSandbox;
import dev.ddbbackup.runtime.RuntimeApiEmulator;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalDynamo;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The segment worker and the merge step of the jobs' Lambda package, under AWS's Lambda runtime
 * interface client: each segment's loop is driven here the way the state machine drives it (the
 * answer of one invocation is the next one's event, until {@code done}), with at most a few
 * partitions per invocation so every segment spans several invocations; the target table then
 * equals a single-machine restore of the same backup, and the merged report its counts.
 */
class SegmentWorkerRuntimeTest extends FanOutSuite {

    @BeforeAll
    static void backup() throws Exception {
        fixture = new FanOutFixture(240);
    }

    @Test
    void segmentsSpanningSeveralInvocationsRestoreWhatOneMachineRestores() throws Exception {
        String local = "FanLocal" + fixture.id;
        RestoreReport expected = fixture.restoreOnOneMachine(local, BackupFixture.T1);
        String target = "FanTarget" + fixture.id;
        LocalDynamo.createTable(fixture.dynamoDb, target);
        JobRequest request = fixture.restore(target, BackupFixture.T1, 3, "worker-test-" + fixture.id, 20);

        ArrayNode results = FanOutFixture.MAPPER.createArrayNode();
        int invocations = 0;
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "restore"),
                FanOutFixture.ACCESS_KEY, 1)) {
            for (int segment = 0; segment < request.segments(); segment++) {
                JsonNode event = FanOutFixture.firstEvent(request, segment);
                int before = invocations;
                do {
                    RuntimeApiEmulator.Outcome outcome = worker.invoke(event);
                    assertThat(outcome.error()).as("segment %d: %s %s\n%s", segment, outcome.errorType(),
                            outcome.bodyText(), worker.output()).isFalse();
                    event = FanOutFixture.MAPPER.readTree(outcome.body());
                    invocations++;
                } while (!event.path("done").asBoolean());
                // 256 partitions over 3 segments, at most 20 per invocation: 5 invocations each.
                assertThat(invocations - before).as("invocations of segment %d", segment).isEqualTo(5);
                assertThat(event.path("partitionsDone").asInt()).isEqualTo(event.path("partitionsInSegment").asInt());
                results.addObject().put("segment", segment).put("failed", false);
            }
            for (LambdaSandbox.Line line : worker.lines()) {
                JsonNode json = FanOutFixture.MAPPER.readTree(line.text());
                assertThat(json.path("requestId").asText()).as(line.text()).isNotEmpty();
            }
        }
        assertThat(fixture.items(target)).isEqualTo(fixture.items(local)).hasSize((int) expected.counts().total().puts());

        ObjectNode mergeEvent = FanOutFixture.MAPPER.createObjectNode();
        mergeEvent.set("request", request.toJson());
        mergeEvent.set("segmentResults", results);
        mergeEvent.put("startTime", "2026-11-27T10:00:00Z");
        try (JobSandbox merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1)) {
            RuntimeApiEmulator.Outcome outcome = merge.invoke(mergeEvent);
            assertThat(outcome.error()).as("%s %s\n%s", outcome.errorType(), outcome.bodyText(), merge.output()).isFalse();
            JsonNode merged = FanOutFixture.MAPPER.readTree(outcome.body());
            assertThat(merged.path("ok").asBoolean()).as(outcome.bodyText()).isTrue();
            JsonNode report = merged.path("report");
            assertThat(report.path("partitions").asInt()).isEqualTo(256);
            assertThat(report.path("partitionsDone").asInt()).isEqualTo(256);
            assertThat(report.path("invocations").asInt()).isEqualTo(invocations);
            JsonNode counts = report.path("counts");
            JsonNode one = FanOutFixture.json(expected);
            for (String field : new String[] {"puts", "deletes", "movedOut", "deletesSkippedEmptyTarget", "unknownKeys",
                    "imagesFetched", "writeUnits"}) {
                assertThat(counts.path(field).asLong()).as(field).isEqualTo(one.path(field).asLong());
            }
            assertThat(FanOutFixture.MAPPER.readTree(merged.path("reportJson").asText())).isEqualTo(report);
            assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket(request.work().bucket)
                    .key(request.work().mergedReportKey())).asUtf8String()).contains("\"ok\":true");
        }
    }

    @Test
    void aRequestTheFunctionCannotRunIsRefusedWithAnErrorStepFunctionsDoesNotRetry() throws Exception {
        BackupRead backup = BackupRead.of(new BackupLocation(fixture.backup.bucket, "", fixture.backup.table))
                .withWidth(PartitionWidth.P4096);
        JobRequest snapshot = JobRequest.of(SnapshotJobSpec.of(backup, BackupFixture.T2,
                "s3://" + fixture.workBucket + "/snap/"), 1,
                dev.ddbbackup.fanout.WorkLocation.forExecution(fixture.workBucket, "refused"));
        JobRequest missingTarget = fixture.restore("NoSuchTable" + fixture.id, BackupFixture.T2, 2, "refused-2", 0);
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "restore"),
                FanOutFixture.ACCESS_KEY, 1)) {
            for (JobRequest request : new JobRequest[] {snapshot, missingTarget}) {
                RuntimeApiEmulator.Outcome outcome = worker.invoke(FanOutFixture.firstEvent(request, 0));
                assertThat(outcome.error()).isTrue();
                JsonNode error = FanOutFixture.MAPPER.readTree(outcome.body());
                // The error name Step Functions matches in Retry and Catch: the template's Retry
                // gives this one no second attempt.
                assertThat(error.path("errorType").asText()).as(outcome.bodyText())
                        .isEqualTo(JobRefusedException.class.getName());
                assertThat(error.path("errorMessage").asText()).containsAnyOf("runs restore segments", "does not exist");
                assertThat(outcome.body().length).as("error size").isLessThan(2_000);
            }
        }
    }
}
