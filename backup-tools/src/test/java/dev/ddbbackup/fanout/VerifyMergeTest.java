package dev.ddbbackup.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.verify.VerifyCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fanned-out verify's wire format and merge: the segment task of each phase (the scan's cursor,
 * the compare's partitions) survives the round trip through the state machine, and the merged
 * report adds the segments' counts up and is not ok when verify found differences, the way the
 * local verify exits 1, with the examples cut to a size Step Functions can carry.
 */
class VerifyMergeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JobRequest request(int segments) {
        VerifyJobSpec job = new VerifyJobSpec(BackupRead.of(new BackupLocation("b", "bk", "Orders")), Instant.EPOCH,
                null, null, segments, 0);
        return JobRequest.builder(job).segments(segments).work(WorkLocation.forExecution("jobs", "x")).build();
    }

    /** One compare invocation's report: all of the segment's partitions done, with these counts. */
    private static SegmentReport report(JobRequest request, int segment, long missing, long differing, int examples) {
        List<String> partitions = new ArrayList<>();
        for (int i = segment; i < 16; i += request.segments()) {
            partitions.add(Integer.toHexString(i));
        }
        List<String> differingExamples = new ArrayList<>();
        for (int i = 0; i < examples; i++) {
            differingExamples.add("{\"id\":{\"S\":\"s" + segment + "-" + i + "\"}}");
        }
        VerifyCounts counts = new VerifyCounts(100, 100 - missing, missing, 0, differing, 0,
                Map.of("differing", differingExamples), 0);
        return new SegmentReport(JobKind.VERIFY, segment, 0, "r", partitions, partitions, 10, counts);
    }

    @Test
    void countsAreSummedAndAnyDifferenceFailsTheJob() {
        JobRequest request = request(2);
        MergedReport clean = MergedReport.merge(request, List.of(report(request, 0, 0, 0, 0), report(request, 1, 0, 0, 0)),
                MAPPER.createArrayNode(), null, null, null);
        assertThat(clean.ok()).isTrue();
        assertThat(clean.toJson().path("counts").path("tableItems").asLong()).isEqualTo(200);

        MergedReport differs = MergedReport.merge(request, List.of(report(request, 0, 1, 15, 15),
                report(request, 1, 0, 10, 10)), MAPPER.createArrayNode(), null, null, null);
        assertThat(differs.ok()).isFalse();
        JsonNode json = differs.toJson();
        assertThat(json.path("error").asText()).isEqualTo("Differences");
        assertThat(json.path("partitionsDone").asInt()).as("the job itself was complete").isEqualTo(16);
        assertThat(json.path("counts").path("missing").asLong()).isEqualTo(1);
        assertThat(json.path("counts").path("differing").asLong()).isEqualTo(25);
        assertThat(json.path("counts").path("examples").path("differing")).hasSize(MergedReport.MAX_LISTED);
        assertThat(differs.summary()).contains("DIFFERENCES").contains("differing content: 25")
                .contains("{\"id\":{\"S\":\"s0-0\"}}");
    }

    @Test
    void aFailedSegmentIsReportedAsSuchBeforeAnyDifference() {
        JobRequest request = request(2);
        ArrayNode results = MAPPER.createArrayNode();
        results.addObject().put("segment", 1).put("failed", true).put("error", "x").put("cause", "y");
        MergedReport failed = MergedReport.merge(request, List.of(report(request, 0, 0, 3, 3)), results, null, null, null);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.toJson().path("error").asText()).isEqualTo("SegmentsFailed");
    }

    @Test
    void eachPhaseOfASegmentTaskSurvivesTheRoundTrip() throws Exception {
        JsonNode job = request(2).toJson();
        ObjectNode first = MAPPER.createObjectNode();
        first.set("request", job);
        first.put("segment", 1).put("invocation", 0).put("phase", SegmentTask.SCAN);
        SegmentTask scan = SegmentTask.fromJson(first);
        JsonNode cursor = MAPPER.readTree("{\"id\":{\"S\":\"a\"}}");
        SegmentTask next = SegmentTask.fromJson(scan.nextScan(cursor, MAPPER.createObjectNode()));
        assertThat(next.phase).isEqualTo(SegmentTask.SCAN);
        assertThat(next.cursor).isEqualTo(cursor);
        assertThat(next.invocation).isEqualTo(1);
        assertThat(scan.nextScan(null, MAPPER.createObjectNode()).path("done").asBoolean()).isTrue();

        first.put("phase", SegmentTask.COMPARE);
        SegmentTask compare = SegmentTask.fromJson(first);
        JsonNode answer = compare.next(List.of("3"), 8, 7, MAPPER.createObjectNode());
        assertThat(SegmentTask.fromJson(answer).phase).isEqualTo(SegmentTask.COMPARE);
        assertThat(SegmentTask.fromJson(answer).remaining).containsExactly("3");

        first.put("phase", "sort");
        assertThatThrownBy(() -> SegmentTask.fromJson(first)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifyJobSpec(BackupRead.of(new BackupLocation("b", "", "t")), Instant.EPOCH,
                "acme", null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tenant-column");
    }
}
