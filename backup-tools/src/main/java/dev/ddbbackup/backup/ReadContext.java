package dev.ddbbackup.backup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What the parts of one {@link BackupView} share while they read: the request pool, the counters,
 * the problems met, and the change lines read (a local spool). Opened with the view and closed with
 * it, or at once when opening it fails.
 */
final class ReadContext implements AutoCloseable {

    final BackupReader reader;
    final ExecutorService pool;
    final ReadCounters counters = new ReadCounters();
    final List<BackupProblem> problems = Collections.synchronizedList(new ArrayList<>());
    /** The change lines read, or null (none yet, or LastModified asked for). */
    private ChangeLogIndex changeLogs;

    private ReadContext(BackupReader reader, String poolName) {
        this.reader = reader;
        this.pool = Tasks.daemonPool(poolName, reader.concurrency);
    }

    /** Runs {@code opener} in a new context; when it fails the context is closed and the failure thrown. */
    static BackupView open(BackupReader reader, String poolName, Function<ReadContext, BackupView> opener) {
        ReadContext context = new ReadContext(reader, poolName);
        try {
            return opener.apply(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Reads the change lines of {@code catalog}'s scope from the hours {@code hours} names (the context's from now on). */
    ChangeLogIndex readLines(BackupCatalog catalog, LineHours hours) {
        changeLogs = ChangeLogIndex.read(reader, catalog, hours, pool, counters, problems);
        return changeLogs;
    }

    /** The change lines read, or null when none were. */
    ChangeLogIndex changeLogs() {
        return changeLogs;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (changeLogs != null) {
            changeLogs.close();
        }
    }
}
