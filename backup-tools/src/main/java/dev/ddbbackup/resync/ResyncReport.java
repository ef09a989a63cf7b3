package dev.ddbbackup.resync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.verify.VerifyReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a resync, for the human summary and {@code --json}.
 *
 * @param comparison the comparison the repairs come from, as verify reports it
 * @param storageMode objects or log
 * @param time the time every change of the run carries (sequence number 0)
 * @param repairs the writes, by key
 * @param changing items not written because they changed while the run ran
 * @param gone items missing from the backup that the table no longer has either
 * @param failed writes (and live reads) that failed
 * @param changeLogs the change logs (log segments) written
 * @param changeLogFailure why they were not written, or null
 */
public record ResyncReport(VerifyReport comparison, String storageMode, Instant time, boolean dryRun,
        List<Repair> repairs, long changing, long gone, long failed, List<String> examples, List<String> changeLogs,
        String changeLogFailure) {

    private static final int MAX_EXAMPLES = 5;
    /** Writes listed in the summary of a real run (a dry run lists every one). */
    private static final int MAX_LISTED = 50;

    /** Nothing left out: every difference repaired (or, dry, listed), nothing unreadable, no item still changing. */
    public boolean ok() {
        return failed == 0 && changing == 0 && changeLogFailure == null && comparison.counts().unreadable() == 0;
    }

    private long count(Action action) {
        return repairs.stream().filter(r -> r.action() == action && r.outcome() != Repair.Outcome.FAILED).count();
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ok", ok());
        n.put("table", comparison.backupTable());
        n.put("dryRun", dryRun);
        n.put("storageMode", storageMode);
        n.put("time", time.toString());
        n.put("puts", count(Action.PUT));
        n.put("deletes", count(Action.DELETE));
        n.put("changing", changing);
        n.put("gone", gone);
        n.put("failed", failed);
        ArrayNode writes = n.putArray("writes");
        for (Repair r : repairs) {
            ObjectNode w = writes.addObject();
            w.put("action", r.action().name());
            w.put("found", r.kind().cliName());
            w.put("key", r.key());
            w.put("objectKey", r.objectKey());
            w.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        }
        examples.forEach(n.putArray("problems")::add);
        changeLogs.forEach(n.putArray("changeLogs")::add);
        n.put("changeLogFailure", changeLogFailure);
        n.set("comparison", comparison.toJson(mapper));
        return n;
    }

    public String summary() {
        StringBuilder s = new StringBuilder(comparison.summary());
        String verb = dryRun ? "would write" : "wrote";
        s.append(String.format("Resync of %s (%s mode) as of %s: %s %d PUT and %d DELETE changes (event RESYNC)%n",
                comparison.backupTable(), storageMode, time, verb, count(Action.PUT), count(Action.DELETE)));
        int listed = 0;
        for (Repair r : repairs) {
            if (!dryRun && listed++ == MAX_LISTED) {
                s.append(String.format("  ... and %d more (--json lists every one)%n", repairs.size() - MAX_LISTED));
                break;
            }
            s.append("  ").append(r.line());
            s.append(r.outcome() == Repair.Outcome.FAILED ? "  FAILED" : "").append(System.lineSeparator());
        }
        if (gone > 0) {
            s.append(String.format("  %d items missing from the backup are gone from the table too: nothing to write%n",
                    gone));
        }
        if (changing > 0) {
            s.append(String.format("  CHANGING: %d items changed while the resync ran; the stream will deliver them:"
                    + " run verify (and resync) again once it has caught up%n", changing));
        }
        if (comparison.counts().unreadable() > 0) {
            s.append(String.format("  UNREADABLE: %d items the backup cannot say anything about are not repaired"
                    + " (see docs/OPERATIONS.md)%n", comparison.counts().unreadable()));
        }
        if (failed > 0) {
            s.append(String.format("  FAILED: %d writes; run resync again%n", failed));
        }
        examples.forEach(e -> s.append("    ").append(e).append(System.lineSeparator()));
        changeLogs.forEach(k -> s.append("  change log: ").append(k).append(System.lineSeparator()));
        if (changeLogFailure != null) {
            s.append("  FAILED: the change log was not written (the objects carry the same facts in their metadata; run"
                    + " resync again): ").append(changeLogFailure).append(System.lineSeparator());
        }
        return s.toString();
    }

    /** Collects a run's outcome from its threads. */
    static final class Builder {

        /** Why an item found was not (all) written. */
        enum Left {
            /** Its latest backed-up change is at the run's time or later: it changed while the run ran. */
            CHANGING,
            /** Missing from the backup, and gone from the table too: nothing to write. */
            GONE,
            /** Its live read or a write failed. */
            FAILED
        }

        /** What is known before any repair: the comparison, the mode, the time; empty lists. */
        private final ResyncReport start;
        private final List<Repair> repairs = new ArrayList<>();
        private final Map<Left, Long> left = new EnumMap<>(Left.class);
        private final List<String> examples = new ArrayList<>();
        private final List<String> changeLogs = new ArrayList<>();
        private String changeLogFailure;

        Builder(VerifyReport comparison, String storageMode, Instant time, boolean dryRun) {
            this.start = new ResyncReport(comparison, storageMode, time, dryRun, List.of(), 0, 0, 0, List.of(),
                    List.of(), null);
        }

        synchronized void add(Repair r) {
            repairs.add(r);
        }

        /** An item left out, and why; {@code example} (or null) for the report's few examples. */
        synchronized void left(Left why, String example) {
            left.merge(why, 1L, Long::sum);
            if (example != null && examples.size() < MAX_EXAMPLES) {
                examples.add(example);
            }
        }

        synchronized void changeLog(String key) {
            changeLogs.add(key);
        }

        synchronized void changeLogFailed(RuntimeException e) {
            changeLogFailure = String.valueOf(e.getMessage());
        }

        synchronized ResyncReport build() {
            List<Repair> sorted = new ArrayList<>(repairs);
            sorted.sort(Comparator.comparing(Repair::key).thenComparing(Repair::action));
            return new ResyncReport(start.comparison, start.storageMode, start.time, start.dryRun, List.copyOf(sorted),
                    left.getOrDefault(Left.CHANGING, 0L), left.getOrDefault(Left.GONE, 0L),
                    left.getOrDefault(Left.FAILED, 0L), List.copyOf(examples), List.copyOf(changeLogs),
                    changeLogFailure);
        }
    }
}
