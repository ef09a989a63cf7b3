package dev.ddbbackup.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The outcome of comparing a table with the backup's state, for the human summary and {@code --json}. */
public final class VerifyReport {

    static final int MAX_EXAMPLES = 5;

    /** The table that was scanned (the live table, or a drill's scratch table). */
    public final String table;
    public final String backupTable;
    /** The backup state compared with; null for the latest. */
    public final Instant time;
    public final long tableItems;
    public final long backupItems;
    public final long missing;
    public final long extra;
    public final long differing;
    /** Items and change-log lines the backup cannot give a state for (see {@link dev.ddbbackup.backup.BackupProblem}). */
    public final long unreadable;
    public final List<String> unreadableExamples;
    public final List<String> missingExamples;
    public final List<String> extraExamples;
    public final List<String> differingExamples;
    public final double consumedReadCapacity;
    public final long elapsedMillis;
    /** T0 of the checkpoint the backup's state was read from, or null (the whole history was read). */
    public final Instant checkpoint;
    /** Where the backup's state came from, for people; null when not told. */
    public final String readFrom;

    VerifyReport(String table, String backupTable, Instant time, long tableItems, long backupItems, Differences d,
            double consumedReadCapacity, long elapsedMillis, Instant checkpoint, String readFrom) {
        this.table = table;
        this.backupTable = backupTable;
        this.time = time;
        this.tableItems = tableItems;
        this.backupItems = backupItems;
        this.missing = d.missing.get();
        this.extra = d.extra.get();
        this.differing = d.differing.get();
        this.unreadable = d.unreadable.get();
        this.unreadableExamples = new ArrayList<>(d.unreadableExamples);
        this.missingExamples = new ArrayList<>(d.missingExamples);
        this.extraExamples = new ArrayList<>(d.extraExamples);
        this.differingExamples = new ArrayList<>(d.differingExamples);
        this.consumedReadCapacity = consumedReadCapacity;
        this.elapsedMillis = elapsedMillis;
        this.checkpoint = checkpoint;
        this.readFrom = readFrom;
    }

    public boolean ok() {
        return missing == 0 && extra == 0 && differing == 0 && unreadable == 0;
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ok", ok());
        n.put("table", table);
        n.put("backupTable", backupTable);
        n.put("time", time == null ? "latest" : time.toString());
        n.put("tableItems", tableItems);
        n.put("backupItems", backupItems);
        n.put("missing", missing);
        n.put("extra", extra);
        n.put("differing", differing);
        n.put("unreadable", unreadable);
        ObjectNode examples = n.putObject("examples");
        add(examples.putArray("missing"), missingExamples);
        add(examples.putArray("extra"), extraExamples);
        add(examples.putArray("differing"), differingExamples);
        add(examples.putArray("unreadable"), unreadableExamples);
        n.put("consumedReadCapacity", consumedReadCapacity);
        n.put("elapsedMillis", elapsedMillis);
        n.put("checkpoint", checkpoint == null ? null : checkpoint.toString());
        n.put("fullScan", checkpoint == null);
        n.put("readFrom", readFrom);
        return n;
    }

    private static void add(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%s: table %s (%d items) vs backup of %s %s (%d items), %.1f s%n",
                ok() ? "OK" : "DIFFERENCES", table, tableItems, backupTable,
                time == null ? "latest" : "at " + time, backupItems, elapsedMillis / 1000.0));
        if (readFrom != null) {
            s.append("  backup read from: ").append(readFrom).append(System.lineSeparator());
        }
        section(s, "missing from the backup (in the table only)", missing, missingExamples);
        section(s, "extra in the backup (not in the table)", extra, extraExamples);
        section(s, "differing content", differing, differingExamples);
        section(s, "unreadable in the backup (a version missing, an unusable object or change-log line)", unreadable,
                unreadableExamples);
        return s.toString();
    }

    private static void section(StringBuilder s, String title, long count, List<String> examples) {
        s.append(String.format("  %s: %d%n", title, count));
        for (String e : examples) {
            s.append("    ").append(e).append(System.lineSeparator());
        }
    }
}
