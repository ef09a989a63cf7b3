package dev.ddbbackup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.SegmentCounts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a comparison of a table with the backup counted: the table's items and the backup's, the
 * differences of each kind with their first few keys, and the read capacity the table's Scan
 * consumed. One record for a verify on one machine ({@link VerifyReport}) and for a fanned-out
 * verify's segments, whose counts the merge adds up (examples joined over every segment, cut to
 * {@link #MAX_EXAMPLES} per kind; the Scan's capacity added from the scan phase). Its JSON is its
 * fields, in this order.
 */
public record VerifyCounts(long tableItems, long backupItems, long missing, long extra, long differing, long unreadable,
        Map<String, List<String>> examples, double consumedReadCapacity) implements SegmentCounts {

    /** The kinds of difference, in the order reports list them. */
    static final List<String> KINDS = List.of("missing", "extra", "differing", "unreadable");
    /** What the summary calls each kind, in the order of {@link #KINDS}. */
    private static final List<String> TITLES = List.of("missing from the backup (in the table only)",
            "extra in the backup (not in the table)", "differing content",
            "unreadable in the backup (a version missing, an unusable object or change-log line)");
    /** Example keys kept per kind when counts are added up (the counts are always complete). */
    static final int MAX_EXAMPLES = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static final VerifyCounts ZERO = new VerifyCounts(0, 0, 0, 0, 0, 0, Map.of(), 0);

    public VerifyCounts {
        Map<String, List<String>> cut = new LinkedHashMap<>();
        for (String kind : KINDS) {
            List<String> some = examples == null ? List.of() : examples.getOrDefault(kind, List.of());
            cut.put(kind, List.copyOf(some.subList(0, Math.min(MAX_EXAMPLES, some.size()))));
        }
        examples = Collections.unmodifiableMap(cut);
    }

    /** Items missing from the backup, extra in it, differing, and unreadable: verify exits 1 on any. */
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
            joined.put(kind, SegmentCounts.concat(examples.get(kind), o.examples.get(kind)));
        }
        return new VerifyCounts(tableItems + o.tableItems, backupItems + o.backupItems, missing + o.missing,
                extra + o.extra, differing + o.differing, unreadable + o.unreadable, joined,
                consumedReadCapacity + o.consumedReadCapacity);
    }

    @Override
    public ObjectNode toJson() {
        return MAPPER.valueToTree(this);
    }

    public static VerifyCounts fromJson(JsonNode n) {
        return MAPPER.convertValue(n, VerifyCounts.class);
    }

    /** The human lines: each kind's count and its example keys. */
    public void describe(StringBuilder s) {
        long[] counts = {missing, extra, differing, unreadable};
        for (int i = 0; i < KINDS.size(); i++) {
            s.append(String.format("  %s: %d%n", TITLES.get(i), counts[i]));
            for (String e : examples.get(KINDS.get(i))) {
                s.append("    ").append(e).append(System.lineSeparator());
            }
        }
    }
}
