package dev.ddbbackup.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The outcome of comparing a table with the backup's state, for the human summary and {@code --json}.
 *
 * @param table the table that was scanned (the live table, or a drill's scratch table)
 * @param time the backup state compared with; null for the latest
 * @param counts what the comparison counted; its unreadable items and change-log lines are those the
 *     backup cannot give a state for (see {@link dev.ddbbackup.backup.BackupProblem})
 * @param checkpoint T0 of the checkpoint the backup's state was read from, or null (the whole
 *     history was read)
 * @param readFrom where the backup's state came from, for people; null when not told
 */
public record VerifyReport(String table, String backupTable, Instant time, VerifyCounts counts, long elapsedMillis,
        Instant checkpoint, String readFrom) {

    public boolean ok() {
        return counts.differences() == 0;
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ok", ok());
        n.put("table", table);
        n.put("backupTable", backupTable);
        n.put("time", time == null ? "latest" : time.toString());
        n.setAll(counts.toJson());
        n.put("elapsedMillis", elapsedMillis);
        n.put("checkpoint", checkpoint == null ? null : checkpoint.toString());
        n.put("fullScan", checkpoint == null);
        n.put("readFrom", readFrom);
        return n;
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%s: table %s (%d items) vs backup of %s %s (%d items), %.1f s%n",
                ok() ? "OK" : "DIFFERENCES", table, counts.tableItems(), backupTable,
                time == null ? "latest" : "at " + time, counts.backupItems(), elapsedMillis / 1000.0));
        if (readFrom != null) {
            s.append("  backup read from: ").append(readFrom).append(System.lineSeparator());
        }
        counts.describe(s);
        return s.toString();
    }
}
