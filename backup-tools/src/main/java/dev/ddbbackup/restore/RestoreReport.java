package dev.ddbbackup.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.ReaderStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a restore did (or, in a dry run, would do): counts overall and per tenant, the problems it
 * found in the backup (each naming its object version or change-log line), and how it ended.
 * Immutable: the engine counts into its own tally while it runs and hands this out at the end.
 * What it means to a shell (the exit code) is the command line's business.
 *
 * @param counts the restore's counts, as a fanned-out restore's worker reports them for its segment
 * @param problems every problem found in the backup, in the order found
 * @param partitionsDone ids of the partitions restored completely (all of them, unless a partition
 *     gate refused some)
 * @param checkpoint T0 of the checkpoint the restore started from, or null: it read the whole
 *     history (see {@code readFrom})
 * @param readFrom where the items came from, for people: the checkpoint and the change logs after
 *     it, or the full history
 * @param partitionIds ids of the partitions in scope (restored or, when a partition gate refused
 *     them, left)
 * @param readerStats what reading the backup cost; null when the restore ended before opening it
 * @param outcome how it ended
 * @param message why it stopped or was refused, or a warning about what was left out; null when
 *     all went well
 */
public record RestoreReport(String sourceTable, String targetTable, Instant time, RestoreCounts counts,
        List<BackupProblem> problems, Set<String> partitionsDone, String timeSource, Instant checkpoint, String readFrom,
        int partitions, List<String> partitionIds, Duration duration, ReaderStats readerStats, Outcome outcome,
        String message) {

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

    /** Problems listed in the human summary; {@code --json} lists all. */
    static final int SHOWN_PROBLEMS = 20;

    public RestoreReport {
        problems = List.copyOf(problems);
        partitionsDone = Collections.unmodifiableSet(new TreeSet<>(partitionsDone));
        partitionIds = List.copyOf(partitionIds);
    }

    public boolean dryRun() {
        return counts.dryRun();
    }

    /** Whether everything in scope was restored (or, in a dry run, would be) and nothing was left out. */
    public boolean ok() {
        return (outcome == Outcome.RESTORED || outcome == Outcome.DRY_RUN) && counts.itemsSkipped() == 0
                && problems.isEmpty();
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
        return dryRun() || endedBeforeAnyWrite() ? 0 : counts.total().puts() + counts.total().deletes();
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
        o.put("dryRun", dryRun());
        o.put("outcome", outcome == null ? null : outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        o.put("ok", ok());
        o.put("message", message);
        o.put("timeSource", timeSource);
        o.put("checkpoint", checkpoint == null ? null : checkpoint.toString());
        o.put("fullScan", checkpoint == null);
        o.put("readFrom", readFrom);
        o.put("partitions", partitions);
        counts.addTotals(o);
        o.put("durationMs", duration.toMillis());
        o.put("itemsPerSecond", Math.round(itemsPerSecond() * 10) / 10.0);
        counts.addLists(o);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toHuman() {
        StringBuilder b = new StringBuilder();
        String head;
        if (outcome == Outcome.STOPPED) {
            head = "Restore of " + sourceTable + " as of " + time + " into " + targetTable + " STOPPED before any write";
        } else if (outcome == Outcome.REFUSED) {
            head = "Restore of " + sourceTable + " as of " + time + " into " + targetTable + " REFUSED: nothing written";
        } else {
            head = (dryRun() ? "Dry run: restore of " : "Restored ") + sourceTable + " as of " + time + " into " + targetTable;
        }
        b.append(head).append('\n');
        counts.describeWrites(b, outcome == Outcome.RESTORED);
        Map<String, RestoreCounts.Writes> perTenant = counts.perTenant();
        if (perTenant.size() > 1 || (perTenant.size() == 1 && !perTenant.containsKey(""))) {
            perTenant.forEach((t, c) -> b.append(String.format("    tenant %-24s puts %d, deletes %d, moved out %d%n",
                    t.isEmpty() ? "(none)" : t, c.puts(), c.deletes(), c.movedOut())));
        }
        List<BackupProblem> all = problems;
        if (!all.isEmpty()) {
            b.append(String.format("  %d problems in the backup%s:%n", all.size(),
                    counts.itemsSkipped() > 0 ? " (" + counts.itemsSkipped() + " items left untouched)" : ""));
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
                timeSource, partitions, duration.toMillis() / 1000.0, itemsPerSecond(), counts.writeUnits(), counts.batchWriteCalls(),
                counts.batchWriteRetries()));
        return b.toString();
    }
}
