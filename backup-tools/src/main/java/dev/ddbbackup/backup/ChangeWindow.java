package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.Lateness;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Opens a backup to read only what changed in a window (T1, T2]: a {@link BackupView} whose
 * timelines are those of the items with a change in the window ({@link ChangeWindowSource}), each
 * exact at T1 and after, read from the change logs of the window's hours (from T1 less
 * {@link Lateness#CHANGE_LOG} on) and the versions of those items only. Images are read and checked
 * by the view as for a restore.
 */
public final class ChangeWindow {

    private ChangeWindow() {
    }

    /** The hour folder from which the change logs of a window starting at {@code from} are read. */
    public static Instant changeLogsFrom(Instant from) {
        return from.minus(Lateness.CHANGE_LOG).truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * @throws IllegalArgumentException when {@code to} is not after {@code from}, or the reader is
     *     asked for LastModified times (a window is read from the change logs)
     */
    public static BackupView open(BackupReader reader, BackupScope scope, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("The window's end (" + to + ") must be after its start (" + from + ")");
        }
        if (reader.requestedTimeSource() == TimeSource.LAST_MODIFIED) {
            throw new IllegalArgumentException("A window of changes is read from the change logs: --time-source"
                    + " last-modified cannot be used (restore the whole table to a time instead)");
        }
        ExecutorService pool = Tasks.daemonPool("change-window", reader.concurrency());
        ReadCounters counters = new ReadCounters();
        List<BackupProblem> problems = Collections.synchronizedList(new ArrayList<>());
        ChangeLogIndex changeLogs = null;
        try {
            BackupCatalog catalog = BackupCatalog.discover(reader, scope, counters);
            Instant logsFrom = changeLogsFrom(from);
            if (catalog.hasLogSegments()) {
                // A window finds an item's state at its start from that item's object versions;
                // a log-mode backup has none, and an item absent from the window's segments would
                // then read as absent at the start: a revert would delete it. Refused until a
                // log-mode window reads the state at its start from a checkpoint and segments.
                throw new IllegalArgumentException("The backup " + reader.location().describe() + " holds log"
                        + " segments (StorageMode log): changes and revert read object versions and do not read"
                        + " log-mode backups yet; use restore --to with --key or --tenant instead");
            }
            changeLogs = ChangeLogIndex.read(reader, catalog, LineHours.from(logsFrom), pool, counters, problems);
            return new BackupView(reader, pool, counters, problems, catalog, changeLogs,
                    new ChangeWindowSource(reader, catalog, changeLogs, pool, counters, from, to, logsFrom));
        } catch (RuntimeException e) {
            pool.shutdownNow();
            if (changeLogs != null) {
                changeLogs.close();
            }
            throw e;
        }
    }
}
