package dev.ddbbackup.fanout;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.backup.ReaderStats;
import dev.ddbbackup.revert.ItemChange;
import dev.ddbbackup.revert.ListedChange;
import dev.ddbbackup.revert.WindowChanges;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A changes listing's counts for some partitions: the items per kind and per tenant, their changes
 * in the window, those changed again after T2, what was read, and every problem in the backup. The
 * items themselves are in the listing objects the workers write to the job's work location (a
 * large window's listing would not fit the execution's output).
 *
 * @param kinds items per kind ({@link ItemChange.Kind#cliName()})
 * @param perTenant items per tenant ("-" without multi-tenancy) and kind
 * @param source where the items came from (the same for every worker)
 * @param stats what the workers read, summed: every worker reads the window's change logs, so a
 *     fanned-out listing's cost is not the one-machine run's, and says so
 */
public record ChangesCounts(long items, Map<String, Long> kinds, Map<String, Map<String, Long>> perTenant, long changes,
        long changedAfter, String source, ReaderStats stats,
        List<ListedProblem> problems) implements SegmentCounts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final ChangesCounts ZERO = new ChangesCounts(0, Map.of(), Map.of(), 0, 0, null,
            ReaderStats.fromMap(Map.of()), List.of());

    public ChangesCounts {
        kinds = Collections.unmodifiableMap(new TreeMap<>(kinds));
        Map<String, Map<String, Long>> tenants = new TreeMap<>();
        perTenant.forEach((t, k) -> tenants.put(t, Collections.unmodifiableMap(new TreeMap<>(k))));
        perTenant = Collections.unmodifiableMap(tenants);
        problems = List.copyOf(problems);
    }

    /** What one run read. */
    public static ChangesCounts of(WindowChanges c) {
        Map<String, Long> kinds = new TreeMap<>();
        Map<String, Map<String, Long>> perTenant = new TreeMap<>();
        long changes = 0;
        long after = 0;
        for (ItemChange i : c.items()) {
            kinds.merge(i.kind().cliName(), 1L, Long::sum);
            perTenant.computeIfAbsent(i.tenant() == null ? "-" : i.tenant(), t -> new TreeMap<>())
                    .merge(i.kind().cliName(), 1L, Long::sum);
            changes += i.changesInWindow();
            after += i.changedAfter() ? 1 : 0;
        }
        return new ChangesCounts(c.items().size(), kinds, perTenant, changes, after, c.source(), c.stats(),
                ListedProblem.of(c.problems()));
    }

    /** Whether {@code listing} is what these counts counted (the merge's check that no listing is missing). */
    public boolean counted(List<ListedChange> listing) {
        return listing.size() == items && listing.stream().mapToLong(ListedChange::changesInWindow).sum() == changes;
    }

    @Override
    public ChangesCounts plus(SegmentCounts other) {
        ChangesCounts o = (ChangesCounts) other;
        Map<String, Long> k = new TreeMap<>(kinds);
        o.kinds.forEach((name, n) -> k.merge(name, n, Long::sum));
        Map<String, Map<String, Long>> t = new TreeMap<>();
        for (Map<String, Map<String, Long>> part : List.of(perTenant, o.perTenant)) {
            part.forEach((tenant, ks) -> ks.forEach((name, n) -> t.computeIfAbsent(tenant, x -> new TreeMap<>())
                    .merge(name, n, Long::sum)));
        }
        return new ChangesCounts(items + o.items, k, t, changes + o.changes, changedAfter + o.changedAfter,
                source != null ? source : o.source, stats.plus(o.stats), SegmentCounts.concat(problems, o.problems));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("items", items).put("changes", changes).put("changedAfter", changedAfter).put("source", source);
        o.set("read", MAPPER.valueToTree(stats.toMap()));
        o.set("kinds", MAPPER.valueToTree(kinds));
        o.set("perTenant", MAPPER.valueToTree(perTenant));
        ListedProblem.addTo(o.putArray("problems"), problems);
        return o;
    }

    static ChangesCounts fromJson(JsonNode n) {
        Map<String, Long> kinds = MAPPER.convertValue(n.path("kinds"), new TypeReference<Map<String, Long>>() { });
        Map<String, Map<String, Long>> perTenant = MAPPER.convertValue(n.path("perTenant"),
                new TypeReference<Map<String, Map<String, Long>>>() { });
        return new ChangesCounts(n.path("items").asLong(), kinds == null ? Map.of() : kinds,
                perTenant == null ? Map.of() : perTenant, n.path("changes").asLong(),
                n.path("changedAfter").asLong(), n.path("source").asText(null),
                ReaderStats.fromMap(MAPPER.convertValue(n.path("read"), new TypeReference<Map<String, Long>>() { })),
                ListedProblem.listFrom(n.path("problems")));
    }

    /** The human line: the items by kind. */
    void describe(StringBuilder b) {
        b.append(String.format("  %d items changed (%s), %d changes, %d changed again after T2, %d problems%n", items,
                kinds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((x, y) -> x + ", " + y)
                        .orElse("none"), changes, changedAfter, problems.size()));
    }
}
