package dev.ddbbackup.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.cli.ExitCodes;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fanned-out revert's counts: typed, added field by field, every item left out and every problem
 * listed in the merged report; the execution succeeds when every partition was done (the revert
 * ran), and the command line exits 1 when something was left out or a problem stopped it, as the
 * local revert does. A check whose backup has problems lets nothing be written.
 */
class RevertMergeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-21T11:00:00Z");

    private static JobRequest request() {
        RevertJobSpec job = new RevertJobSpec(BackupRead.of(new BackupLocation("b", "bk", "Orders")),
                T.minusSeconds(1800), T, null, null, "Orders", false, false, 0, 8);
        return JobRequest.of(job, 2, WorkLocation.forExecution("jobs", "x"));
    }

    private static SegmentReport report(int segment, RevertCounts counts) {
        List<String> partitions = new ArrayList<>();
        for (int i = segment; i < 16; i += 2) {
            partitions.add(Integer.toHexString(i));
        }
        // Through JSON, as the merge step reads it from the job bucket.
        return SegmentReport.fromJson(new SegmentReport(JobKind.REVERT, segment, 0, "r", partitions, partitions, 10,
                counts).toJson());
    }

    @Test
    void countsAreSummedAndWhatWasLeftOutIsListedAndExitsOne() {
        RevertCounts.LeftOut conflict = new RevertCounts.LeftOut("{\"id\":{\"S\":\"a\"}}", null, "changed-after",
                "changed again", "present", "present", "absent");
        MergedReport merged = MergedReport.merge(request(), List.of(
                report(0, new RevertCounts(false, 5, 3, 1, 1, 4, List.of(conflict), List.of())),
                report(1, new RevertCounts(false, 2, 2, 0, 0, 2, List.of(), List.of()))),
                MAPPER.createArrayNode(), null, null, null);
        assertThat(merged.ok()).as("the revert ran on every partition").isTrue();
        RevertCounts sum = (RevertCounts) merged.counts();
        assertThat(List.of(sum.items(), sum.puts(), sum.deletes(), sum.alreadyAtFrom(), sum.writeUnits()))
                .containsExactly(7L, 5L, 1L, 1L, 6L);
        assertThat(sum.leftOut()).containsExactly(conflict);
        assertThat(MergedReport.fromJson(merged.toJson()).counts()).isEqualTo(sum);
        assertThat(merged.summary()).contains("put 5, deleted 1, already at T1 1, left out 1")
                .contains("LEFT OUT changed-after").contains("{\"id\":{\"S\":\"a\"}}");
        assertThat(ExitCodes.of(merged)).isEqualTo(1);
        assertThat(merged.checkPassed()).as("a conflict does not stop the writes of the others").isTrue();
    }

    @Test
    void aProblemInAnySegmentFailsTheCheckAndEverythingRevertedExitsZero() {
        ListedProblem problem = new ListedProblem("missing-version", "bk/Orders/x", "v1", 0, "gone");
        MergedReport checked = MergedReport.merge(request(), List.of(
                report(0, new RevertCounts(true, 5, 3, 1, 1, 0, List.of(), List.of(problem))),
                report(1, new RevertCounts(true, 2, 2, 0, 0, 0, List.of(), List.of()))),
                MAPPER.createArrayNode(), null, null, null);
        assertThat(checked.checkPassed()).isFalse();
        assertThat(checked.summary()).contains("would put 5").contains("PROBLEM missing-version bk/Orders/x");
        assertThat(ExitCodes.of(checked)).isEqualTo(1);

        MergedReport clean = MergedReport.merge(request(), List.of(
                report(0, new RevertCounts(false, 1, 1, 0, 0, 1, List.of(), List.of())),
                report(1, new RevertCounts(false, 0, 0, 0, 0, 0, List.of(), List.of()))),
                MAPPER.createArrayNode(), null, null, null);
        assertThat(ExitCodes.of(clean)).isZero();
    }
}
