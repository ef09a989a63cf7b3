package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.Lateness;
import java.time.Instant;

/**
 * Which hour folders of change lines a view reads: all of them (the whole history), those from a
 * checkpoint's start hour on (change logs and log segments alike), or for a time window the log
 * segments that can hold its changes (the change logs then stay whole: in objects mode the
 * versions are listed whole, and the change logs time them).
 *
 * @param changeLogsFrom the first hour folder of change logs read, or null for all
 * @param segmentsFrom the first hour folder of log segments read, or null for all
 * @param segmentsUntil the last hour folder of log segments read, or null for all
 */
record LineHours(Instant changeLogsFrom, Instant segmentsFrom, Instant segmentsUntil) {

    static LineHours all() {
        return new LineHours(null, null, null);
    }

    /** Every line filed in the hour folder of {@code hour} or later. */
    static LineHours from(Instant hour) {
        return new LineHours(hour, hour, null);
    }

    /**
     * The log segments that can hold a change in [{@code from}, {@code to}] (either may be null:
     * unbounded): a segment is filed under the hour of its batch's first record, which is at most
     * the lateness bound older than the batch's other records ({@link Lateness#linesFrom}), and is
     * never later than them.
     */
    static LineHours segmentsOf(Instant from, Instant to) {
        return new LineHours(null, from == null ? null : Lateness.linesFrom(from), to);
    }
}
