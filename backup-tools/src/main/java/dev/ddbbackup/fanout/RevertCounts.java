package dev.ddbbackup.fanout;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.revert.RevertReport;
import java.util.Comparator;
import java.util.List;

/**
 * A revert's counts for some partitions: the window's items read, the items put back, deleted and
 * already at their T1 state, the write units, and every item left out (conflicts, races, moves)
 * and every problem in the backup, listed in full: what the revert did not do is what its user must
 * look at. The items written are counted, not listed (a large window's list would not fit the
 * execution's output).
 */
public record RevertCounts(boolean dryRun, long items, long puts, long deletes, long alreadyAtFrom, long writeUnits,
        List<LeftOut> leftOut, List<ListedProblem> problems) implements SegmentCounts {

    /** An item left out, as the local revert's {@code --json} lists it (its fields, in this order). */
    public record LeftOut(String key, String tenant, String reason, String detail, String atFrom, String atTo,
            String latest) {

        static LeftOut of(RevertReport.LeftOut l) {
            return new LeftOut(l.item().key().canonicalJson(), l.item().tenant(), l.reason().cliName(), l.detail(),
                    l.item().atFrom().label(), l.item().atTo().label(), l.item().latest().label());
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final RevertCounts ZERO = new RevertCounts(false, 0, 0, 0, 0, 0, List.of(), List.of());

    public RevertCounts {
        leftOut = leftOut.stream().sorted(Comparator.comparing(LeftOut::key)).toList();
        problems = List.copyOf(problems);
    }

    /** What one run of the revert engine did. */
    public static RevertCounts of(RevertJob.Share run) {
        RevertReport r = run.report();
        return new RevertCounts(r.dryRun(), run.changes().items().size(), r.puts(), r.deletes(), r.alreadyAtFrom(),
                r.writeUnits(), r.leftOut().stream().map(LeftOut::of).toList(), ListedProblem.of(r.problems()));
    }

    /** Nothing left out and no problem: every item changed in the window is at its T1 state (or would be). */
    public boolean complete() {
        return leftOut.isEmpty() && problems.isEmpty();
    }

    @Override
    public RevertCounts plus(SegmentCounts other) {
        RevertCounts o = (RevertCounts) other;
        return new RevertCounts(dryRun || o.dryRun, items + o.items, puts + o.puts, deletes + o.deletes,
                alreadyAtFrom + o.alreadyAtFrom, writeUnits + o.writeUnits, SegmentCounts.concat(leftOut, o.leftOut),
                SegmentCounts.concat(problems, o.problems));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("dryRun", dryRun).put("items", items).put("puts", puts).put("deletes", deletes)
                .put("alreadyAtFrom", alreadyAtFrom).put("writeUnits", writeUnits);
        o.set("leftOut", MAPPER.valueToTree(leftOut));
        ListedProblem.addTo(o.putArray("problems"), problems);
        return o;
    }

    static RevertCounts fromJson(JsonNode n) {
        List<LeftOut> left = MAPPER.convertValue(n.path("leftOut"), new TypeReference<List<LeftOut>>() { });
        return new RevertCounts(n.path("dryRun").asBoolean(false), n.path("items").asLong(), n.path("puts").asLong(),
                n.path("deletes").asLong(), n.path("alreadyAtFrom").asLong(), n.path("writeUnits").asLong(),
                left == null ? List.of() : left, ListedProblem.listFrom(n.path("problems")));
    }

    /** The human lines: what was written, what was left out and why, the problems. */
    void describe(StringBuilder b) {
        b.append(String.format("  %s %d, %s %d, already at T1 %d, left out %d (of %d items changed in the window)%n",
                dryRun ? "would put" : "put", puts, dryRun ? "would delete" : "deleted", deletes, alreadyAtFrom,
                leftOut.size(), items));
        for (LeftOut l : leftOut) {
            b.append(String.format("  LEFT OUT %-14s %s%s: %s%n", l.reason(), l.key(),
                    l.tenant() == null ? "" : " (tenant " + l.tenant() + ")", l.detail()));
        }
        for (ListedProblem p : problems) {
            b.append(String.format("  PROBLEM %s %s%s: %s%n", p.kind(), p.objectKey(),
                    p.versionId() == null ? "" : " version " + p.versionId(), p.reason()));
        }
        b.append(String.format("  %d write units%n", writeUnits));
    }
}
