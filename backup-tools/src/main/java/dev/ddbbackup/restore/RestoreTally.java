package dev.ddbbackup.restore;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.backup.ReaderStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a restore has done so far, counted by its threads while it runs; {@link #report()} turns it
 * into the immutable {@link RestoreReport} once it has ended. Only the engine sees it.
 */
final class RestoreTally {

    /** Counts of one tenant (or of the whole table). */
    static final class Counts {
        final AtomicLong puts = new AtomicLong();
        final AtomicLong deletes = new AtomicLong();
        /** Items that had moved to a tenant outside the scope at the time: left alone. */
        final AtomicLong movedOut = new AtomicLong();

        RestoreCounts.Writes value() {
            return new RestoreCounts.Writes(puts.get(), deletes.get(), movedOut.get());
        }
    }

    final String sourceTable;
    final String targetTable;
    final Instant time;
    final boolean dryRun;
    final Counts total = new Counts();
    private final Map<String, Counts> perTenant = new TreeMap<>();
    /** Deletes not sent because the target was created empty by this restore. */
    final AtomicLong deletesSkippedEmptyTarget = new AtomicLong();
    /** Items absent at the time whose key could not be found (no change-log line, no image). */
    final AtomicLong unknownKeys = new AtomicLong();
    final AtomicLong imagesFetched = new AtomicLong();
    /** Items left untouched because of a problem (with --skip-bad-objects or --allow-missing-versions). */
    final AtomicLong itemsSkipped = new AtomicLong();
    private final List<BackupProblem> problems = new ArrayList<>();
    /** Ids of the partitions restored completely (all of them, unless a partition gate refused some). */
    final Set<String> partitionsDone = ConcurrentHashMap.newKeySet();
    volatile String timeSource;
    volatile Instant checkpoint;
    volatile String readFrom;
    volatile int partitions;
    volatile List<String> partitionIds = List.of();
    volatile long writeUnits;
    volatile long batchCalls;
    volatile long batchRetries;
    volatile Duration duration = Duration.ZERO;
    volatile ReaderStats readerStats;
    private volatile RestoreReport.Outcome outcome;
    private volatile String message;

    RestoreTally(String sourceTable, String targetTable, Instant time, boolean dryRun) {
        this.sourceTable = sourceTable;
        this.targetTable = targetTable;
        this.time = time;
        this.dryRun = dryRun;
    }

    synchronized Counts tenant(String tenant) {
        return perTenant.computeIfAbsent(tenant == null ? "" : tenant, t -> new Counts());
    }

    synchronized void problem(BackupProblem problem) {
        problems.add(problem);
    }

    synchronized List<BackupProblem> problems() {
        return List.copyOf(problems);
    }

    synchronized long count(BackupProblem.Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).count();
    }

    void end(RestoreReport.Outcome outcome, String message) {
        this.outcome = outcome;
        this.message = message;
    }

    /** How it ended (null while running). */
    RestoreReport.Outcome outcome() {
        return outcome;
    }

    /** The restore as it ended. */
    RestoreReport report() {
        return new RestoreReport(sourceTable, targetTable, time, counts(), problems(), partitionsDone, timeSource,
                checkpoint, readFrom, partitions, partitionIds, duration, readerStats, outcome, message);
    }

    private synchronized RestoreCounts counts() {
        Map<String, RestoreCounts.Writes> tenants = new TreeMap<>();
        perTenant.forEach((t, c) -> tenants.put(t, c.value()));
        return new RestoreCounts(dryRun, timeSource == null ? Set.of() : Set.of(timeSource), total.value(), tenants,
                itemsSkipped.get(), deletesSkippedEmptyTarget.get(), unknownKeys.get(), imagesFetched.get(), writeUnits,
                batchCalls, batchRetries, ListedProblem.of(problems),
                readerStats == null ? Map.of() : readerStats.toMap());
    }
}
