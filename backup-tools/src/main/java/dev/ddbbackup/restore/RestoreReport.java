package dev.ddbbackup.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.backup.ReaderStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a restore did (or, in a dry run, would do): counts overall and per tenant, the problems it
 * found in the backup (each naming its object version or change-log line), and how it ended.
 * Immutable: the engine counts into its own tally while it runs and hands this out at the end.
 * What it means to a shell (the exit code) is the command line's business.
 */
public final class RestoreReport {

    /** How the restore ended. */
    public enum Outcome {
        /** Everything planned was written. */
        RESTORED,
        /** The plan was checked and printed; nothing written. */
        DRY_RUN,
        /** Data problems in the backup: nothing was written. */
        STOPPED,
        /** The request would harm the target (or does not fit it): nothing was written. */
        REFUSED
    }

    /** Counts of one tenant (or of the whole table). */
    public record Counts(long puts, long deletes, long movedOut) {

        public Counts plus(Counts o) {
            return new Counts(puts + o.puts, deletes + o.deletes, movedOut + o.movedOut);
        }
    }

    /** Problems listed in the human summary; {@code --json} lists all. */
    static final int SHOWN_PROBLEMS = 20;

    public final String sourceTable;
    public final String targetTable;
    public final Instant time;
    public final boolean dryRun;
    public final Counts total;
    /** Per tenant ("" for items of no tenant), by name. */
    public final Map<String, Counts> perTenant;
    /** Deletes not sent because the target was created empty by this restore. */
    public final long deletesSkippedEmptyTarget;
    /** Items absent at the time whose key could not be found (no change-log line, no image). */
    public final long unknownKeys;
    public final long imagesFetched;
    /** Items left untouched because of a problem (with --skip-bad-objects or --allow-missing-versions). */
    public final long itemsSkipped;
    /** Every problem found in the backup, in the order found. */
    public final List<BackupProblem> problems;
    /** Ids of the partitions restored completely (all of them, unless a partition gate refused some). */
    public final Set<String> partitionsDone;
    public final String timeSource;
    /** T0 of the checkpoint the restore started from, or null: it read the whole history (see {@link #readFrom}). */
    public final Instant checkpoint;
    /** Where the items came from, for people: the checkpoint and the change logs after it, or the full history. */
    public final String readFrom;
    public final int partitions;
    /** Ids of the partitions in scope (restored or, when a partition gate refused them, left). */
    public final List<String> partitionIds;
    public final long writeUnits;
    public final long batchCalls;
    public final long batchRetries;
    public final Duration duration;
    /** What reading the backup cost; null when the restore ended before opening it. */
    public final ReaderStats readerStats;
    private final Outcome outcome;
    private final String message;

    RestoreReport(RestoreTally t) {
        this.sourceTable = t.sourceTable;
        this.targetTable = t.targetTable;
        this.time = t.time;
        this.dryRun = t.dryRun;
        this.total = t.total.value();
        this.perTenant = Collections.unmodifiableMap(new TreeMap<>(t.perTenant()));
        this.deletesSkippedEmptyTarget = t.deletesSkippedEmptyTarget.get();
        this.unknownKeys = t.unknownKeys.get();
        this.imagesFetched = t.imagesFetched.get();
        this.itemsSkipped = t.itemsSkipped.get();
        this.problems = t.problems();
        this.partitionsDone = Collections.unmodifiableSet(new TreeSet<>(t.partitionsDone));
        this.timeSource = t.timeSource;
        this.checkpoint = t.checkpoint;
        this.readFrom = t.readFrom;
        this.partitions = t.partitions;
        this.partitionIds = List.copyOf(t.partitionIds);
        this.writeUnits = t.writeUnits;
        this.batchCalls = t.batchCalls;
        this.batchRetries = t.batchRetries;
        this.duration = t.duration;
        this.readerStats = t.readerStats;
        this.outcome = t.outcome();
        this.message = t.message();
    }

    /** How it ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** Why it stopped or was refused, or a warning about what was left out; null when all went well. */
    public String message() {
        return message;
    }

    /** Every problem found in the backup, in the order found. */
    public List<BackupProblem> problems() {
        return problems;
    }

    /** Whether everything in scope was restored (or, in a dry run, would be) and nothing was left out. */
    public boolean ok() {
        return (outcome == Outcome.RESTORED || outcome == Outcome.DRY_RUN) && itemsSkipped == 0 && problems.isEmpty();
    }

    /** Whether nothing was written because of the backup's data or the request (stopped or refused). */
    public boolean endedBeforeAnyWrite() {
        return outcome == Outcome.STOPPED || outcome == Outcome.REFUSED;
    }

    /** The partitions in scope the restore finished, in the order of {@link #partitionIds}. */
    public List<String> partitionsDoneInOrder() {
        return partitionIds.stream().filter(partitionsDone::contains).toList();
    }

    public long itemsWritten() {
        return dryRun || endedBeforeAnyWrite() ? 0 : total.puts() + total.deletes();
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
        o.put("puts", total.puts());
        o.put("deletes", total.deletes());
        o.put("movedOut", total.movedOut());
        o.put("itemsSkipped", itemsSkipped);
        o.put("deletesSkippedEmptyTarget", deletesSkippedEmptyTarget);
        o.put("unknownKeys", unknownKeys);
        o.put("imagesFetched", imagesFetched);
        o.put("writeUnits", writeUnits);
        o.put("batchWriteCalls", batchCalls);
        o.put("batchWriteRetries", batchRetries);
        o.put("durationMs", duration.toMillis());
        o.put("itemsPerSecond", Math.round(itemsPerSecond() * 10) / 10.0);
        ObjectNode tenants = o.putObject("perTenant");
        perTenant.forEach((t, c) -> tenants.putObject(t.isEmpty() ? "(none)" : t)
                .put("puts", c.puts()).put("deletes", c.deletes()).put("movedOut", c.movedOut()));
        ListedProblem.addTo(o.putArray("problems"), ListedProblem.of(problems));
        ObjectNode s3 = o.putObject("s3");
        if (readerStats != null) {
            readerStats.toMap().forEach(s3::put);
        }
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
                wrote ? "put" : "would put", total.puts(), wrote ? "deleted" : "would delete", total.deletes(),
                total.movedOut()));
        if (deletesSkippedEmptyTarget > 0) {
            b.append(String.format("  %d deletes not needed (new, empty target table)%n", deletesSkippedEmptyTarget));
        }
        if (unknownKeys > 0) {
            b.append(String.format("  %d absent items skipped: key unknown (no change-log line, no image)%n", unknownKeys));
        }
        if (perTenant.size() > 1 || (perTenant.size() == 1 && !perTenant.containsKey(""))) {
            perTenant.forEach((t, c) -> b.append(String.format("    tenant %-24s puts %d, deletes %d, moved out %d%n",
                    t.isEmpty() ? "(none)" : t, c.puts(), c.deletes(), c.movedOut())));
        }
        List<BackupProblem> all = problems;
        if (!all.isEmpty()) {
            b.append(String.format("  %d problems in the backup%s:%n", all.size(),
                    itemsSkipped > 0 ? " (" + itemsSkipped + " items left untouched)" : ""));
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
