package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.Lateness;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens a backup to read only what changed in a window (T1, T2]: a {@link BackupView} whose
 * timelines are those of the items with a change in the window ({@link ChangeWindowSource}), each
 * exact at T1 and after. Images are read and checked by the view as for a restore.
 *
 * <p>What is read depends on where the states at T1 can be: the lines from T1 less
 * {@link Lateness#CHANGE_LOG} on always (the window's changes and the later ones); before them, in
 * objects mode, the window's items' object versions (listed). A log-mode change has no version, so
 * when log segments older than those lines exist (log mode, or a switch to it, before T1) the
 * states at T1 come from the newest checkpoint at or before T1 and the lines since it, or without
 * one from every log segment.
 */
public final class ChangeWindow {

    private ChangeWindow() {
    }

    /**
     * @throws IllegalArgumentException when {@code to} is not after {@code from}, the reader is
     *     asked for LastModified times (a window is read from the change logs), or T1 is before the
     *     earliest restorable time (the history that gives the states at T1 is expired)
     */
    public static BackupView open(BackupReader reader, BackupScope scope, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("The window's end (" + to + ") must be after its start (" + from + ")");
        }
        if (reader.requestedTimeSource == TimeSource.LAST_MODIFIED) {
            throw new IllegalArgumentException("A window of changes is read from the change logs: --time-source"
                    + " last-modified cannot be used (restore the whole table to a time instead)");
        }
        Optional<Instant> earliest = reader.earliestRestorable();
        if (earliest.isPresent() && from.isBefore(earliest.get())) {
            throw new IllegalArgumentException("The window's start " + from + " is before the earliest restorable time, "
                    + earliest.get() + ": the history that gives the items' states at it is expired by the backup's"
                    + " retention. Choose --from " + earliest.get() + " or later");
        }
        return ReadContext.open(reader, "change-window", context -> {
            BackupCatalog catalog = BackupCatalog.discover(reader, scope, context.counters);
            Instant linesFrom = Lateness.linesFrom(from);
            boolean olderSegments = segmentFiledBefore(reader, linesFrom);
            Optional<CheckpointManifest> checkpoint = olderSegments ? reader.checkpointAtOrBefore(from) : Optional.empty();
            if (checkpoint.isPresent()) {
                CheckpointSource start = CheckpointSource.open(scope, checkpoint.get(), context);
                return new BackupView(context, start.catalog(), new ChangeWindowSource(start, from, to));
            }
            // Older segments and no checkpoint: every segment, as an item's state at T1 may be in any.
            LineHours hours = olderSegments ? new LineHours(linesFrom, null, null) : LineHours.from(linesFrom);
            ChangeLogIndex changeLogs = context.readLines(catalog, hours);
            return new BackupView(context, catalog, new ChangeWindowSource(new ChangeWindowSource.Listing(reader, catalog,
                    changeLogs, context.pool, context.counters, linesFrom, !catalog.hasLogSegments(), olderSegments),
                    from, to));
        });
    }

    /**
     * Whether {@code view} (opened here) reads every log segment: log segments older than the
     * window's lines and no checkpoint at or before T1, so the cost follows the backup's log.
     */
    public static boolean readsEveryLogSegment(BackupView view) {
        return view.source() instanceof ChangeWindowSource w && w.readsEveryLogSegment();
    }

    /** Whether a log segment is filed in an hour folder before {@code hour}'s (one listing of one key). */
    private static boolean segmentFiledBefore(BackupReader reader, Instant hour) {
        return reader.firstLogSegment().filter(key -> key.compareTo(reader.layout.logHour(reader.table, hour)) < 0)
                .isPresent();
    }
}
