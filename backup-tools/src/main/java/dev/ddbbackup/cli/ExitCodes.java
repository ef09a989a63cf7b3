package dev.ddbbackup.cli;

import dev.ddbbackup.fanout.MergedReport;
import dev.ddbbackup.restore.RestoreReport;

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

    /** A fanned-out job: 0 when every partition was done once and nothing was found, as a local run; 1 otherwise. */
    public static int of(MergedReport report) {
        return of(report.ok());
    }

    /** A snapshot or a verify: 0 nothing left out, no difference; 1 otherwise. */
    public static int of(boolean ok) {
        return ok ? Main.EXIT_OK : Main.EXIT_PROBLEM;
    }
}
