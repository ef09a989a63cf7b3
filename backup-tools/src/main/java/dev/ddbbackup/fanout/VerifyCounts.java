package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.verify.VerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verify's counts for some partitions: the table's items and the backup's, the differences of
 * each kind with their first few keys (joined over every segment, cut to {@link #MAX_EXAMPLES} per
 * kind), and the read capacity the table's Scan consumed (added by the merge from the scan phase).
 */
public record VerifyCounts(long tableItems, long backupItems, long missing, long extra, long differing, long unreadable,
        Map<String, List<String>> examples, double consumedReadCapacity) implements SegmentCounts {

    /** The kinds of difference, in the order reports list them. */
    static final List<String> KINDS = List.of("missing", "extra", "differing", "unreadable");
    /** Example keys kept per kind in the merged report (the counts are always complete). */
    static final int MAX_EXAMPLES = MergedReport.MAX_LISTED;

    static final VerifyCounts ZERO = new VerifyCounts(0, 0, 0, 0, 0, 0, Map.of(), 0);

    public VerifyCounts {
        Map<String, List<String>> cut = new LinkedHashMap<>();
        for (String kind : KINDS) {
            List<String> some = examples.getOrDefault(kind, List.of());
            cut.put(kind, List.copyOf(some.subList(0, Math.min(MAX_EXAMPLES, some.size()))));
        }
        examples = java.util.Collections.unmodifiableMap(cut);
    }

    /** What one comparison found. */
    public static VerifyCounts of(VerifyReport r) {
        return new VerifyCounts(r.tableItems, r.backupItems, r.missing, r.extra, r.differing, r.unreadable,
                Map.of("missing", r.missingExamples, "extra", r.extraExamples, "differing", r.differingExamples,
                        "unreadable", r.unreadableExamples), r.consumedReadCapacity);
    }

    /** Items missing from the backup, extra in it, differing, and unreadable: the local verify exits 1 on any. */
    public long differences() {
        return missing + extra + differing + unreadable;
    }

    /** The same counts with the Scan's consumed read capacity (the scan phase reports it apart). */
    public VerifyCounts withConsumedReadCapacity(double rcu) {
        return new VerifyCounts(tableItems, backupItems, missing, extra, differing, unreadable, examples, rcu);
    }

    @Override
    public VerifyCounts plus(SegmentCounts other) {
        VerifyCounts o = (VerifyCounts) other;
        Map<String, List<String>> joined = new LinkedHashMap<>();
        for (String kind : KINDS) {
            List<String> all = new ArrayList<>(examples.get(kind));
            all.addAll(o.examples.get(kind));
            joined.put(kind, all);
        }
        return new VerifyCounts(tableItems + o.tableItems, backupItems + o.backupItems, missing + o.missing,
                extra + o.extra, differing + o.differing, unreadable + o.unreadable, joined,
                consumedReadCapacity + o.consumedReadCapacity);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("tableItems", tableItems);
        n.put("backupItems", backupItems);
        n.put("missing", missing);
        n.put("extra", extra);
        n.put("differing", differing);
        n.put("unreadable", unreadable);
        ObjectNode e = n.putObject("examples");
        for (String kind : KINDS) {
            ArrayNode list = e.putArray(kind);
            examples.get(kind).forEach(list::add);
        }
        n.put("consumedReadCapacity", consumedReadCapacity);
        return n;
    }

    static VerifyCounts fromJson(JsonNode n) {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        for (String kind : KINDS) {
            List<String> keys = new ArrayList<>();
            n.path("examples").path(kind).forEach(k -> keys.add(k.asText()));
            examples.put(kind, keys);
        }
        return new VerifyCounts(n.path("tableItems").asLong(), n.path("backupItems").asLong(), n.path("missing").asLong(),
                n.path("extra").asLong(), n.path("differing").asLong(), n.path("unreadable").asLong(), examples,
                n.path("consumedReadCapacity").asDouble());
    }
}
