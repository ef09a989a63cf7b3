package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.restore.RestoreReport;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A restore's counts for some partitions: writes (overall and per tenant), what was skipped and
 * why, the capacity the writes used, the problems left out (with the options that allow it), and
 * the backup reader's request counts.
 *
 * @param perTenant by tenant, {@code (none)} for items of no tenant
 * @param problems each problem as the restore's {@code --json} report lists it
 * @param s3 the backup reader's counters by name
 */
public record RestoreCounts(boolean dryRun, Set<String> timeSources, RestoreReport.Counts total,
        Map<String, RestoreReport.Counts> perTenant, long itemsSkipped, long deletesSkippedEmptyTarget, long unknownKeys,
        long imagesFetched, long writeUnits, long batchWriteCalls, long batchWriteRetries, List<ListedProblem> problems,
        Map<String, Long> s3) implements SegmentCounts {

    static final RestoreCounts ZERO = new RestoreCounts(false, Set.of(), new RestoreReport.Counts(0, 0, 0), Map.of(), 0,
            0, 0, 0, 0, 0, 0, List.of(), Map.of());

    public RestoreCounts {
        timeSources = Set.copyOf(timeSources);
        perTenant = Collections.unmodifiableMap(new TreeMap<>(perTenant));
        problems = List.copyOf(problems);
        s3 = Collections.unmodifiableMap(new TreeMap<>(s3));
    }

    /** What one segment's restore did. */
    public static RestoreCounts of(RestoreReport r) {
        Map<String, RestoreReport.Counts> tenants = new TreeMap<>();
        r.perTenant.forEach((t, c) -> tenants.put(t.isEmpty() ? "(none)" : t, c));
        return new RestoreCounts(r.dryRun, r.timeSource == null ? Set.of() : Set.of(r.timeSource), r.total, tenants,
                r.itemsSkipped, r.deletesSkippedEmptyTarget, r.unknownKeys, r.imagesFetched, r.writeUnits, r.batchCalls,
                r.batchRetries, ListedProblem.of(r.problems),
                r.readerStats == null ? Map.of() : r.readerStats.toMap());
    }

    @Override
    public RestoreCounts plus(SegmentCounts other) {
        RestoreCounts o = (RestoreCounts) other;
        Map<String, RestoreReport.Counts> tenants = new TreeMap<>(perTenant);
        o.perTenant.forEach((t, c) -> tenants.merge(t, c, RestoreReport.Counts::plus));
        Map<String, Long> requests = new TreeMap<>(s3);
        o.s3.forEach((name, n) -> requests.merge(name, n, Long::sum));
        return new RestoreCounts(dryRun || o.dryRun, SegmentCounts.union(timeSources, o.timeSources),
                total.plus(o.total), tenants, itemsSkipped + o.itemsSkipped,
                deletesSkippedEmptyTarget + o.deletesSkippedEmptyTarget, unknownKeys + o.unknownKeys,
                imagesFetched + o.imagesFetched, writeUnits + o.writeUnits, batchWriteCalls + o.batchWriteCalls,
                batchWriteRetries + o.batchWriteRetries, SegmentCounts.concat(problems, o.problems), requests);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("dryRun", dryRun);
        o.put("timeSource", String.join(", ", new java.util.TreeSet<>(timeSources)));
        o.put("puts", total.puts());
        o.put("deletes", total.deletes());
        o.put("movedOut", total.movedOut());
        o.put("itemsSkipped", itemsSkipped);
        o.put("deletesSkippedEmptyTarget", deletesSkippedEmptyTarget);
        o.put("unknownKeys", unknownKeys);
        o.put("imagesFetched", imagesFetched);
        o.put("writeUnits", writeUnits);
        o.put("batchWriteCalls", batchWriteCalls);
        o.put("batchWriteRetries", batchWriteRetries);
        ObjectNode tenants = o.putObject("perTenant");
        perTenant.forEach((t, c) -> tenants.putObject(t).put("puts", c.puts()).put("deletes", c.deletes())
                .put("movedOut", c.movedOut()));
        ListedProblem.addTo(o.putArray("problems"), problems);
        ObjectNode requests = o.putObject("s3");
        s3.forEach(requests::put);
        return o;
    }

    static RestoreCounts fromJson(JsonNode n) {
        Map<String, RestoreReport.Counts> tenants = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("perTenant").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            tenants.put(t.getKey(), counts(t.getValue()));
        }
        List<ListedProblem> problems = ListedProblem.listFrom(n.path("problems"));
        Map<String, Long> requests = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("s3").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            requests.put(c.getKey(), c.getValue().asLong());
        }
        return new RestoreCounts(n.path("dryRun").asBoolean(false), SegmentCounts.names(n.get("timeSource")), counts(n),
                tenants, n.path("itemsSkipped").asLong(), n.path("deletesSkippedEmptyTarget").asLong(),
                n.path("unknownKeys").asLong(), n.path("imagesFetched").asLong(), n.path("writeUnits").asLong(),
                n.path("batchWriteCalls").asLong(), n.path("batchWriteRetries").asLong(), problems, requests);
    }

    private static RestoreReport.Counts counts(JsonNode n) {
        return new RestoreReport.Counts(n.path("puts").asLong(), n.path("deletes").asLong(), n.path("movedOut").asLong());
    }
}
