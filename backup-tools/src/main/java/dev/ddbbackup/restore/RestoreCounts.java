package dev.ddbbackup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.ListedProblem;
import dev.ddbbackup.job.SegmentCounts;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A restore's counts: writes (overall and per tenant), what was skipped and why, the capacity the
 * writes used, the problems left out (with the options that allow it), and the backup reader's
 * request counts. One record for a restore on one machine ({@link RestoreReport} holds it) and for
 * a fanned-out restore's segments, whose counts the merge adds up.
 *
 * @param perTenant by tenant, "" for items of no tenant (listed as {@code (none)})
 * @param problems each problem as the restore's {@code --json} report lists it
 * @param s3 the backup reader's counters by name
 */
public record RestoreCounts(boolean dryRun, Set<String> timeSources, Writes total, Map<String, Writes> perTenant,
        long itemsSkipped, long deletesSkippedEmptyTarget, long unknownKeys, long imagesFetched, long writeUnits,
        long batchWriteCalls, long batchWriteRetries, List<ListedProblem> problems, Map<String, Long> s3)
        implements SegmentCounts {

    /** Counts of one tenant (or of the whole table). */
    public record Writes(long puts, long deletes, long movedOut) {

        public Writes plus(Writes o) {
            return new Writes(puts + o.puts, deletes + o.deletes, movedOut + o.movedOut);
        }

        /** Its counts as fields of {@code o}: the table's among a report's counts, a tenant's in perTenant. */
        private void addTo(ObjectNode o) {
            o.put("puts", puts);
            o.put("deletes", deletes);
            o.put("movedOut", movedOut);
        }

        private static Writes fromJson(JsonNode n) {
            return new Writes(n.path("puts").asLong(), n.path("deletes").asLong(), n.path("movedOut").asLong());
        }
    }

    /** How {@code --json} names the items of no tenant. */
    private static final String NO_TENANT = "(none)";

    public static final RestoreCounts ZERO = new RestoreCounts(false, Set.of(), new Writes(0, 0, 0), Map.of(), 0, 0, 0,
            0, 0, 0, 0, List.of(), Map.of());

    public RestoreCounts {
        timeSources = Set.copyOf(timeSources);
        perTenant = Collections.unmodifiableMap(new TreeMap<>(perTenant));
        problems = List.copyOf(problems);
        s3 = Collections.unmodifiableMap(new TreeMap<>(s3));
    }

    @Override
    public RestoreCounts plus(SegmentCounts other) {
        RestoreCounts o = (RestoreCounts) other;
        Map<String, Writes> tenants = new TreeMap<>(perTenant);
        o.perTenant.forEach((t, c) -> tenants.merge(t, c, Writes::plus));
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
        o.put("timeSource", String.join(", ", new TreeSet<>(timeSources)));
        addTotals(o);
        addLists(o);
        return o;
    }

    /** The counts of writes, skips and requests, as both the local report and a segment's list them. */
    void addTotals(ObjectNode o) {
        total.addTo(o);
        o.put("itemsSkipped", itemsSkipped);
        o.put("deletesSkippedEmptyTarget", deletesSkippedEmptyTarget);
        o.put("unknownKeys", unknownKeys);
        o.put("imagesFetched", imagesFetched);
        o.put("writeUnits", writeUnits);
        o.put("batchWriteCalls", batchWriteCalls);
        o.put("batchWriteRetries", batchWriteRetries);
    }

    /** The tenants, the problems and the reader's counters, which both reports list last. */
    void addLists(ObjectNode o) {
        ObjectNode tenants = o.putObject("perTenant");
        perTenant.forEach((t, c) -> c.addTo(tenants.putObject(t.isEmpty() ? NO_TENANT : t)));
        ListedProblem.addTo(o.putArray("problems"), problems);
        ObjectNode requests = o.putObject("s3");
        s3.forEach(requests::put);
    }

    public static RestoreCounts fromJson(JsonNode n) {
        Map<String, Writes> tenants = new TreeMap<>();
        n.path("perTenant").fields().forEachRemaining(t -> tenants.put(t.getKey().equals(NO_TENANT) ? "" : t.getKey(),
                Writes.fromJson(t.getValue())));
        Map<String, Long> requests = new TreeMap<>();
        n.path("s3").fields().forEachRemaining(c -> requests.put(c.getKey(), c.getValue().asLong()));
        return new RestoreCounts(n.path("dryRun").asBoolean(false), SegmentCounts.names(n.get("timeSource")),
                Writes.fromJson(n), tenants, n.path("itemsSkipped").asLong(),
                n.path("deletesSkippedEmptyTarget").asLong(), n.path("unknownKeys").asLong(),
                n.path("imagesFetched").asLong(), n.path("writeUnits").asLong(), n.path("batchWriteCalls").asLong(),
                n.path("batchWriteRetries").asLong(), ListedProblem.listFrom(n.path("problems")), requests);
    }

    /**
     * The human lines of the writes: put and deleted (or, when nothing was written, would be), the
     * deletes a new table did not need, the absent items whose key is unknown.
     */
    public void describeWrites(StringBuilder b, boolean wrote) {
        b.append(String.format("  %s %d items, %s %d, %d moved to another tenant (left alone)%n",
                wrote ? "put" : "would put", total.puts(), wrote ? "deleted" : "would delete", total.deletes(),
                total.movedOut()));
        if (deletesSkippedEmptyTarget > 0) {
            b.append(String.format("  %d deletes not needed (new, empty target table)%n", deletesSkippedEmptyTarget));
        }
        if (unknownKeys > 0) {
            b.append(String.format("  %d absent items skipped: key unknown (no change-log line, no image)%n", unknownKeys));
        }
    }
}
