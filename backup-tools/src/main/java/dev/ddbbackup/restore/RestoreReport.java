package dev.ddbbackup.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupProblem;
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
 * What a restore did (or, in a dry run, would do): counts overall and per tenant, the problems it
 * found in the backup (each naming its object version or change-log line), and how it ended.
 */
public final class RestoreReport {

    /** How the restore ended. */
    public enum Outcome {
        /** Everything planned was written. */
        RESTORED(0),
        /** The plan was checked and printed; nothing written. */
        DRY_RUN(0),
        /** Data problems in the backup: nothing was written (exit code 1). */
        STOPPED(1),
        /** The request would harm the target (or does not fit it): nothing was written (exit code 2). */
        REFUSED(2);

        final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** Counts of one tenant (or of the whole table). */
    public static final class Counts {
        public final AtomicLong puts = new AtomicLong();
        public final AtomicLong deletes = new AtomicLong();
        /** Items that had moved to a tenant outside the scope at the time: left alone. */
        public final AtomicLong movedOut = new AtomicLong();
    }

    /** Problems listed in the human summary; {@code --json} lists all. */
    static final int SHOWN_PROBLEMS = 20;

    public final String sourceTable;
    public final String targetTable;
    public final Instant time;
    public final boolean dryRun;
    public final Counts total = new Counts();
    public final Map<String, Counts> perTenant = new TreeMap<>();
    /** Deletes not sent because the target was created empty by this restore. */
    public final AtomicLong deletesSkippedEmptyTarget = new AtomicLong();
    /** Items absent at the time whose key could not be found (no change-log line, no image). */
    public final AtomicLong unknownKeys = new AtomicLong();
    public final AtomicLong imagesFetched = new AtomicLong();
    /** Items left untouched because of a problem (with --skip-bad-objects or --allow-missing-versions). */
    public final AtomicLong itemsSkipped = new AtomicLong();
    private final List<BackupProblem> problems = new ArrayList<>();
    /** Ids of the partitions restored completely (all of them, unless a partition gate refused some). */
    public final Set<String> partitionsDone = ConcurrentHashMap.newKeySet();
    public volatile String timeSource;
    /** T0 of the checkpoint the restore started from, or null: it read the whole history (see {@link #readFrom}). */
    public volatile java.time.Instant checkpoint;
    /** Where the items came from, for people: the checkpoint and the change logs after it, or the full history. */
    public volatile String readFrom;
    public volatile int partitions;
    /** Ids of the partitions in scope (restored or, when a partition gate refused them, left). */
    public volatile List<String> partitionIds = List.of();
    public volatile long writeUnits;
    public volatile long batchCalls;
    public volatile long batchRetries;
    public volatile Duration duration = Duration.ZERO;
    public volatile Map<String, Long> readerStats = Map.of();
    private volatile Outcome outcome;
    private volatile String message;

    public RestoreReport(String sourceTable, String targetTable, Instant time, boolean dryRun) {
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

    /** Every problem found in the backup, in the order found. */
    public synchronized List<BackupProblem> problems() {
        return List.copyOf(problems);
    }

    synchronized long count(BackupProblem.Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).count();
    }

    void end(Outcome outcome, String message) {
        this.outcome = outcome;
        this.message = message;
    }

    /** How it ended (null while running). */
    public Outcome outcome() {
        return outcome;
    }

    /** Why it stopped or was refused, or a warning about what was left out; null when all went well. */
    public String message() {
        return message;
    }

    /** Whether everything in scope was restored (or, in a dry run, would be) and nothing was left out. */
    public boolean ok() {
        return (outcome == Outcome.RESTORED || outcome == Outcome.DRY_RUN) && itemsSkipped.get() == 0
                && problems().isEmpty();
    }

    /**
     * The command line's exit code: 0 everything restored (or a clean dry run); 1 the backup has
     * problems (nothing written, or with the options that allow it, items left out and listed);
     * 2 refused (the request would harm the target, or does not fit it).
     */
    public int exitCode() {
        if (outcome == Outcome.STOPPED || outcome == Outcome.REFUSED) {
            return outcome.exitCode;
        }
        return ok() ? 0 : 1;
    }

    public long itemsWritten() {
        return dryRun || outcome == Outcome.STOPPED || outcome == Outcome.REFUSED ? 0
                : total.puts.get() + total.deletes.get();
    }

    public double itemsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : itemsWritten() / seconds;
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("sourceTable", sourceTable);
        o.put("targetTable", targetTable);
        o.put("time", time.toString());
        o.put("dryRun", dryRun);
        o.put("outcome", outcome == null ? null : outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        o.put("ok", ok());
        o.put("message", message);
        o.put("timeSource", timeSource);
        o.put("checkpoint", checkpoint == null ? null : checkpoint.toString());
        o.put("fullScan", checkpoint == null);
        o.put("readFrom", readFrom);
        o.put("partitions", partitions);
        o.put("puts", total.puts.get());
        o.put("deletes", total.deletes.get());
        o.put("movedOut", total.movedOut.get());
        o.put("itemsSkipped", itemsSkipped.get());
        o.put("deletesSkippedEmptyTarget", deletesSkippedEmptyTarget.get());
        o.put("unknownKeys", unknownKeys.get());
        o.put("imagesFetched", imagesFetched.get());
        o.put("writeUnits", writeUnits);
        o.put("batchWriteCalls", batchCalls);
        o.put("batchWriteRetries", batchRetries);
        o.put("durationMs", duration.toMillis());
        o.put("itemsPerSecond", Math.round(itemsPerSecond() * 10) / 10.0);
        ObjectNode tenants = o.putObject("perTenant");
        synchronized (this) {
            perTenant.forEach((t, c) -> tenants.putObject(t.isEmpty() ? "(none)" : t)
                    .put("puts", c.puts.get()).put("deletes", c.deletes.get()).put("movedOut", c.movedOut.get()));
        }
        ArrayNode list = o.putArray("problems");
        for (BackupProblem p : problems()) {
            ObjectNode n = list.addObject();
            n.put("kind", p.kind().cliName()).put("objectKey", p.objectKey()).put("versionId", p.versionId());
            if (p.line() > 0) {
                n.put("line", p.line());
            }
            n.put("reason", p.reason());
        }
        ObjectNode s3 = o.putObject("s3");
        readerStats.forEach(s3::put);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toHuman() {
        StringBuilder b = new StringBuilder();
        boolean wrote = outcome == Outcome.RESTORED;
        String head;
        if (outcome == Outcome.STOPPED) {
            head = "Restore of " + sourceTable + " as of " + time + " into " + targetTable + " STOPPED before any write";
        } else if (outcome == Outcome.REFUSED) {
            head = "Restore of " + sourceTable + " as of " + time + " into " + targetTable + " REFUSED: nothing written";
        } else {
            head = (dryRun ? "Dry run: restore of " : "Restored ") + sourceTable + " as of " + time + " into " + targetTable;
        }
        b.append(head).append('\n');
        b.append(String.format("  %s %d items, %s %d, %d moved to another tenant (left alone)%n",
                wrote ? "put" : "would put", total.puts.get(), wrote ? "deleted" : "would delete", total.deletes.get(),
                total.movedOut.get()));
        if (deletesSkippedEmptyTarget.get() > 0) {
            b.append(String.format("  %d deletes not needed (new, empty target table)%n", deletesSkippedEmptyTarget.get()));
        }
        if (unknownKeys.get() > 0) {
            b.append(String.format("  %d absent items skipped: key unknown (no change-log line, no image)%n", unknownKeys.get()));
        }
        synchronized (this) {
            if (perTenant.size() > 1 || (perTenant.size() == 1 && !perTenant.containsKey(""))) {
                perTenant.forEach((t, c) -> b.append(String.format("    tenant %-24s puts %d, deletes %d, moved out %d%n",
                        t.isEmpty() ? "(none)" : t, c.puts.get(), c.deletes.get(), c.movedOut.get())));
            }
        }
        List<BackupProblem> all = problems();
        if (!all.isEmpty()) {
            b.append(String.format("  %d problems in the backup%s:%n", all.size(),
                    itemsSkipped.get() > 0 ? " (" + itemsSkipped.get() + " items left untouched)" : ""));
            for (BackupProblem p : all.subList(0, Math.min(SHOWN_PROBLEMS, all.size()))) {
                b.append("    ").append(p.kind().cliName()).append("  ").append(p).append('\n');
            }
            if (all.size() > SHOWN_PROBLEMS) {
                b.append(String.format("    ... and %d more (--json lists them all)%n", all.size() - SHOWN_PROBLEMS));
            }
        }
        if (message != null) {
            b.append("  ").append(outcome == Outcome.STOPPED || outcome == Outcome.REFUSED ? "" : "WARNING: ")
                    .append(message).append('\n');
        }
        if (readFrom != null) {
            b.append("  read from: ").append(readFrom).append('\n');
        }
        b.append(String.format("  time source: %s; %d partitions; %.1f s; %.0f items/s; %d WCU in %d BatchWriteItem calls (%d retries)%n",
                timeSource, partitions, duration.toMillis() / 1000.0, itemsPerSecond(), writeUnits, batchCalls, batchRetries));
        return b.toString();
    }
}
