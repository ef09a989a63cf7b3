package dev.ddbbackup.resync;

import dev.ddbbackup.state.ItemAtTime;

/**
 * One item the comparison found out of line: its canonical key JSON, why, and what the backup's
 * latest state holds of it (null when the backup has no state of it: missing).
 */
record Difference(Kind kind, String key, ItemAtTime.Present backup) {

    /** What verify called it. */
    enum Kind {
        /** In the table only. */
        MISSING,
        /** In both, with other content. */
        DIFFERING,
        /** In the backup only. */
        EXTRA;

        String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
