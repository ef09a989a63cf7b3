package dev.ddbbackup.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The outcome of a restore drill.
 *
 * @param comparison the comparison of the scratch table with the backup at T; null when the drill
 *     failed before it
 */
public record DrillReport(String table, Instant time, String scratchTable, long restoredItems, VerifyReport comparison,
        String failure, boolean scratchDeleted, long elapsedMillis) {

    public boolean ok() {
        return failure == null && comparison != null && comparison.ok() && scratchDeleted;
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ok", ok());
        n.put("drill", true);
        n.put("table", table);
        n.put("time", time.toString());
        n.put("scratchTable", scratchTable);
        n.put("restoredItems", restoredItems);
        n.put("scratchDeleted", scratchDeleted);
        n.put("failure", failure);
        n.put("elapsedMillis", elapsedMillis);
        if (comparison != null) {
            n.set("comparison", comparison.toJson(mapper));
        }
        return n;
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Restore drill of %s at %s: %s%n", table, time, ok() ? "PASSED" : "FAILED"));
        s.append(String.format("  restored %d items into scratch table %s (%s)%n", restoredItems, scratchTable,
                scratchDeleted ? "deleted" : "NOT DELETED: delete it by hand"));
        if (failure != null) {
            s.append("  failure: ").append(failure).append(System.lineSeparator());
        }
        if (comparison != null) {
            s.append("  ").append(comparison.summary().replace(System.lineSeparator() + "  ",
                    System.lineSeparator() + "    "));
        }
        s.append(String.format("  %.1f s%n", elapsedMillis / 1000.0));
        return s.toString();
    }
}
