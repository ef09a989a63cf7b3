package dev.ddbbackup.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How late a write or a change-log line can be, the one place these bounds are written: the
 * readers trust the change logs over S3's LastModified, and these bounds say how far back a
 * change the logs have not shown yet can lie.
 */
public final class Lateness {

    /**
     * Lambda's longest run: an invocation's item writes precede its change log by at most this, so
     * the function wrote nothing before its oldest change log less this.
     */
    public static final Duration LONGEST_INVOCATION = Duration.ofMinutes(15);

    /**
     * How late a change can reach the change logs after its stream time: DynamoDB streams keep a
     * record 24 hours, the invocation that read it may run {@link #LONGEST_INVOCATION} more before
     * its change log lands, and stream times are rounded down (to the second on AWS). Rounded up
     * to 25 hours.
     */
    public static final Duration CHANGE_LOG = Duration.ofHours(25);

    private Lateness() {
    }

    /**
     * From when on the function may have written a table's objects, given its oldest change log's
     * LastModified (null when there is none: unknown).
     */
    public static Instant functionSince(Instant oldestChangeLog) {
        return oldestChangeLog == null ? null : oldestChangeLog.minus(LONGEST_INVOCATION);
    }

    /**
     * The hour from which change logs must be read on top of a checkpoint at {@code t0} built at
     * {@code builtAt}: that of min(T0, B) less {@link #CHANGE_LOG}. Any change the build did not
     * see (its change log landed after the build listed them, or it is later than T0) is in that
     * hour folder or a later one.
     */
    public static Instant changeLogsFrom(Instant t0, Instant builtAt) {
        return linesFrom(t0.isBefore(builtAt) ? t0 : builtAt);
    }

    /**
     * The first hour folder that can hold a line of a change at or after {@code time}: a change
     * log or log segment is filed under the hour of its batch's first record, and a batch's records
     * are all in the stream together, so that record is at most {@link #CHANGE_LOG} older.
     */
    public static Instant linesFrom(Instant time) {
        return time.minus(CHANGE_LOG).truncatedTo(ChronoUnit.HOURS);
    }
}
