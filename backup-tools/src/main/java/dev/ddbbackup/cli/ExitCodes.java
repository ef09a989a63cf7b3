package dev.ddbbackup.cli;

import dev.ddbbackup.fanout.MergedReport;
import dev.ddbbackup.fanout.RevertCounts;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.revert.RevertReport;

/**
 * The exit code of each job's report, chosen here, in the command line, and nowhere else: the
 * engines say what happened, the command line says what that means to a shell.
 */
public final class ExitCodes {

    private ExitCodes() {
    }

    /**
     * A restore: 0 everything restored (or a clean dry run); 1 the backup has problems (nothing
     * written, or with the options that allow it, items left out and listed); 2 refused (the
     * request would harm the target, or does not fit it).
     */
    public static int of(RestoreReport report) {
        if (report.outcome() == RestoreReport.Outcome.REFUSED) {
            return Main.EXIT_USAGE;
        }
        return report.ok() ? Main.EXIT_OK : Main.EXIT_PROBLEM;
    }

    /**
     * A revert: 0 every item changed in the window is at its T1 state (or, in a dry run, would be);
     * 1 items left out (conflicts, races, moves) or problems in the backup (nothing written).
     */
    public static int of(RevertReport report) {
        return of(report.outcome() == RevertReport.Outcome.REVERTED);
    }

    /**
     * A fanned-out job: 0 when every partition was done once and nothing was found, as a local run
     * (a revert: nothing left out either); 1 otherwise.
     */
    public static int of(MergedReport report) {
        return of(report.ok() && !(report.counts() instanceof RevertCounts r && !r.complete()));
    }

    /** A snapshot or a verify: 0 nothing left out, no difference; 1 otherwise. */
    public static int of(boolean ok) {
        return ok ? Main.EXIT_OK : Main.EXIT_PROBLEM;
    }
}
