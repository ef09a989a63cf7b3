package dev.ddbbackup.resync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.verify.VerifyReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The outcome of a resync, for the human summary and {@code --json}. */
public final class ResyncReport {

    private static final int MAX_EXAMPLES = 5;
    /** Writes listed in the summary of a real run (a dry run lists every one). */
    private static final int MAX_LISTED = 50;

    /** The comparison the repairs come from, as verify reports it. */
    public final VerifyReport comparison;
    /** objects or log. */
    public final String storageMode;
    /** The time every change of the run carries (sequence number 0). */
    public final Instant time;
    public final boolean dryRun;
    /** The writes, by key. */
    final List<Repair> repairs;
    public final long changing;
    public final long gone;
    public final long failed;
    public final List<String> examples;
    public final List<String> changeLogs;
    public final String changeLogFailure;

    private ResyncReport(Builder b) {
        this.comparison = b.comparison;
        this.storageMode = b.storageMode;
        this.time = b.time;
        this.dryRun = b.dryRun;
        List<Repair> sorted = new ArrayList<>(b.repairs);
        sorted.sort(Comparator.comparing(Repair::key).thenComparing(Repair::action));
        this.repairs = List.copyOf(sorted);
        this.changing = b.changing;
        this.gone = b.gone;
        this.failed = b.failed;
        this.examples = List.copyOf(b.examples);
        this.changeLogs = List.copyOf(b.changeLogs);
        this.changeLogFailure = b.changeLogFailure;
    }

    /** Nothing left out: every difference repaired (or, dry, listed), nothing unreadable, no item still changing. */
    public boolean ok() {
        return failed == 0 && changing == 0 && changeLogFailure == null && comparison.unreadable == 0;
    }

    public long written() {
        return repairs.stream().filter(r -> r.outcome() == Repair.Outcome.WRITTEN).count();
    }

    private long count(Action action) {
        return repairs.stream().filter(r -> r.action() == action && r.outcome() != Repair.Outcome.FAILED).count();
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ok", ok());
        n.put("table", comparison.backupTable);
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
                comparison.backupTable, storageMode, time, verb, count(Action.PUT), count(Action.DELETE)));
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
        if (comparison.unreadable > 0) {
            s.append(String.format("  UNREADABLE: %d items the backup cannot say anything about are not repaired"
                    + " (see docs/OPERATIONS.md)%n", comparison.unreadable));
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
        private final VerifyReport comparison;
        private final String storageMode;
        private final Instant time;
        private final boolean dryRun;
        private final List<Repair> repairs = new ArrayList<>();
        private final List<String> examples = new ArrayList<>();
        private final List<String> changeLogs = new ArrayList<>();
        private long changing;
        private long gone;
        private long failed;
        private String changeLogFailure;

        Builder(VerifyReport comparison, String storageMode, Instant time, boolean dryRun) {
            this.comparison = comparison;
            this.storageMode = storageMode;
            this.time = time;
            this.dryRun = dryRun;
        }

        synchronized void add(Repair r) {
            repairs.add(r);
        }

        synchronized void changing(String key) {
            changing++;
            example("changing: " + key);
        }

        synchronized void gone() {
            gone++;
        }

        synchronized void failed(String what) {
            failed++;
            example(what);
        }

        synchronized void changeLog(String key) {
            changeLogs.add(key);
        }

        synchronized void changeLogFailed(RuntimeException e) {
            changeLogFailure = String.valueOf(e.getMessage());
        }

        private void example(String text) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(text);
            }
        }

        synchronized ResyncReport build() {
            return new ResyncReport(this);
        }
    }
}
