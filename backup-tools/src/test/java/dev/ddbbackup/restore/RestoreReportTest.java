package dev.ddbbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.cli.ExitCodes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

    private static RestoreTally tally() {
        return new RestoreTally("Orders", "OrdersRestored", Instant.parse("2026-11-23T10:00:00Z"), false);
    }

    @Test
    void aStoppedRestoreNamesEveryProblemAndExitsWithOne() {
        RestoreTally tally = tally();
        for (int i = 0; i < 25; i++) {
            tally.problem(BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, "b", "bk/Orders/k" + i, "v" + i,
                    "the change log names this version, the bucket does not hold it"));
        }
        tally.problem(BackupProblem.changeLogLine("b", "bk/Orders/_changes/2026/11/23/10/x.jsonl", 7, "not JSON"));
        tally.end(RestoreReport.Outcome.STOPPED, "26 problems. Nothing was written.");
        RestoreReport report = tally.report();

        assertThat(ExitCodes.of(report)).isEqualTo(1);
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
        RestoreTally refusing = tally();
        refusing.end(RestoreReport.Outcome.REFUSED, "would delete 3 items and put none");
        RestoreReport refused = refusing.report();
        assertThat(ExitCodes.of(refused)).isEqualTo(2);
        assertThat(refused.toHuman()).contains("REFUSED: nothing written");

        RestoreTally leaving = tally();
        leaving.total.puts.set(5);
        leaving.itemsSkipped.incrementAndGet();
        leaving.problem(BackupProblem.version(BackupProblem.Kind.BAD_OBJECT, "b", "bk/Orders/k", "v", "not JSON"));
        leaving.end(RestoreReport.Outcome.RESTORED, "1 items were left untouched because of the problems listed");
        RestoreReport partial = leaving.report();
        assertThat(ExitCodes.of(partial)).isEqualTo(1);
        assertThat(partial.toHuman()).contains("Restored Orders").contains("put 5 items")
                .contains("WARNING: 1 items were left untouched");

        RestoreTally finishing = tally();
        finishing.end(RestoreReport.Outcome.RESTORED, null);
        RestoreReport clean = finishing.report();
        assertThat(ExitCodes.of(clean)).isZero();
        assertThat(clean.toHuman()).doesNotContain("WARNING");
    }
}
