package dev.ddbbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.backup.BackupProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

    private static RestoreReport report() {
        return new RestoreReport("Orders", "OrdersRestored", Instant.parse("2026-11-23T10:00:00Z"), false);
    }

    @Test
    void aStoppedRestoreNamesEveryProblemAndExitsWithOne() {
        RestoreReport report = report();
        for (int i = 0; i < 25; i++) {
            report.problem(BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, "b", "bk/Orders/k" + i, "v" + i,
                    "the change log names this version, the bucket does not hold it"));
        }
        report.problem(BackupProblem.changeLogLine("b", "bk/Orders/_changes/2026/11/23/10/x.jsonl", 7, "not JSON"));
        report.end(RestoreReport.Outcome.STOPPED, "26 problems. Nothing was written.");

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.ok()).isFalse();
        assertThat(report.itemsWritten()).isZero();
        assertThat(report.toHuman()).contains("STOPPED before any write")
                .contains("missing-version  s3://b/bk/Orders/k0 version v0: the change log names this version")
                .contains("... and 6 more (--json lists them all)")
                .contains("Nothing was written.");
        assertThat(report.toJson()).contains("\"outcome\" : \"stopped\"")
                .contains("\"objectKey\" : \"bk/Orders/_changes/2026/11/23/10/x.jsonl\"").contains("\"line\" : 7")
                .contains("\"versionId\" : \"v24\"");
    }

    @Test
    void aRefusalExitsWithTwoAndARestoreThatLeftItemsOutWithOne() {
        RestoreReport refused = report();
        refused.end(RestoreReport.Outcome.REFUSED, "would delete 3 items and put none");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.toHuman()).contains("REFUSED: nothing written");

        RestoreReport partial = report();
        partial.total.puts.set(5);
        partial.itemsSkipped.incrementAndGet();
        partial.problem(BackupProblem.version(BackupProblem.Kind.BAD_OBJECT, "b", "bk/Orders/k", "v", "not JSON"));
        partial.end(RestoreReport.Outcome.RESTORED, "1 items were left untouched because of the problems listed");
        assertThat(partial.exitCode()).isEqualTo(1);
        assertThat(partial.toHuman()).contains("Restored Orders").contains("put 5 items")
                .contains("WARNING: 1 items were left untouched");

        RestoreReport clean = report();
        clean.end(RestoreReport.Outcome.RESTORED, null);
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.toHuman()).doesNotContain("WARNING");
    }
}
