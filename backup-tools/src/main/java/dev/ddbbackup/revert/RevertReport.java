package dev.ddbbackup.revert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupProblem;
import java.time.Duration;
import java.util.List;

/**
 * What a revert did (or, in a dry run, would do): the items put back and deleted, those already at
 * their T1 state, and every item left out with why (changed again after T2, raced by a writer,
 * moved to a tenant out of scope), plus the backup's problems when they stopped it.
 */
public record RevertReport(Outcome outcome, String message, String targetTable, boolean dryRun, long puts,
        long deletes, long alreadyAtFrom, List<Written> written, List<LeftOut> leftOut, List<BackupProblem> problems, long writeUnits,
        Duration duration) {

    /** How the revert ended. */
    public enum Outcome {
        /** Every item changed in the window is at its T1 state (or, in a dry run, would be written). */
        REVERTED,
        /** Items were left out (listed): conflicts or races. */
        PARTIAL,
        /** Problems in the backup: nothing was written. */
        STOPPED
    }

    /** An item the revert wrote (or, in a dry run, would write): its T1 image put, or a delete. */
    public record Written(ItemChange item, boolean put) {
    }

    /** An item the revert did not write, and why. */
    public record LeftOut(ItemChange item, Reason reason, String detail) {
    }

    /** Why an item was left out. */
    public enum Reason {
        /** Changed again after T2: a later writer's change is not undone unless asked. */
        CHANGED_AFTER,
        /** The live item is not what the backup says it was (read first, or the condition failed). */
        RACE,
        /** It moved to a tenant folder out of scope: revert it without --tenant. */
        MOVED;

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public String toHuman() {
        StringBuilder s = new StringBuilder();
        s.append(dryRun ? "Revert plan (dry run, nothing written)" : "Reverted").append(" into ").append(targetTable)
                .append('\n');
        s.append(String.format("  %s: %d, %s: %d, already at T1: %d, left out: %d%n", dryRun ? "would put" : "put", puts,
                dryRun ? "would delete" : "deleted", deletes, alreadyAtFrom, leftOut.size()));
        written.stream().limit(50).forEach(w -> s.append(String.format("  %-8s %s%s%n", w.put() ? "PUT" : "DELETE",
                w.item().key().canonicalJson(), w.item().tenant() == null ? "" : " (tenant " + w.item().tenant() + ")")));
        if (written.size() > 50) {
            s.append("  ... ").append(written.size() - 50).append(" more writes (--json lists them all)\n");
        }
        for (LeftOut l : leftOut) {
            s.append(String.format("  LEFT OUT %-14s %s%s: %s%n", l.reason().cliName(), l.item().key().canonicalJson(),
                    l.item().tenant() == null ? "" : " (tenant " + l.item().tenant() + ")", l.detail()));
        }
        problems.stream().limit(20).forEach(p -> s.append("  PROBLEM ").append(p).append('\n'));
        if (problems.size() > 20) {
            s.append("  ... ").append(problems.size() - 20).append(" more (--json lists them all)\n");
        }
        if (message != null) {
            s.append(message).append('\n');
        }
        s.append(String.format("  write units: %d, duration: %.1f s%n", writeUnits, duration.toMillis() / 1000.0));
        return s.toString();
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).put("message", message)
                .put("targetTable", targetTable).put("dryRun", dryRun).put("puts", puts).put("deletes", deletes)
                .put("alreadyAtFrom", alreadyAtFrom).put("writeUnits", writeUnits)
                .put("durationMillis", duration.toMillis());
        ArrayNode writes = o.putArray("written");
        for (Written w : written) {
            writes.addObject().put("key", w.item().key().canonicalJson()).put("tenant", w.item().tenant())
                    .put("action", w.put() ? "put" : "delete");
        }
        ArrayNode left = o.putArray("leftOut");
        for (LeftOut l : leftOut) {
            ObjectNode n = left.addObject();
            n.put("key", l.item().key().canonicalJson()).put("tenant", l.item().tenant())
                    .put("reason", l.reason().cliName()).put("detail", l.detail())
                    .put("atFrom", l.item().atFrom().label()).put("atTo", l.item().atTo().label())
                    .put("latest", l.item().latest().label());
        }
        ArrayNode ps = o.putArray("problems");
        for (BackupProblem p : problems) {
            ps.addObject().put("kind", p.kind().cliName()).put("objectKey", p.objectKey()).put("versionId", p.versionId())
                    .put("line", p.line()).put("reason", p.reason());
        }
        return o;
    }
}
