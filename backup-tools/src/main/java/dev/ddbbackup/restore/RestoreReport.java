package dev.ddbbackup.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What a restore did (or, in a dry run, would do): counts overall and per tenant. */
public final class RestoreReport {

    /** Counts of one tenant (or of the whole table). */
    public static final class Counts {
        public final AtomicLong puts = new AtomicLong();
        public final AtomicLong deletes = new AtomicLong();
        /** Items that had moved to a tenant outside the scope at the time: left alone. */
        public final AtomicLong movedOut = new AtomicLong();
    }

    public final String sourceTable;
    public final String targetTable;
    public final Instant time;
    public final boolean dryRun;
    public final Counts total = new Counts();
    public final Map<String, Counts> perTenant = new TreeMap<>();
    /** Deletes not sent because the target was created empty by this restore. */
    public final AtomicLong deletesSkippedEmptyTarget = new AtomicLong();
    /** Items absent at the time whose key could not be found (no change-log line, no image). */
    public final AtomicLong unknownKeys = new AtomicLong();
    public final AtomicLong imagesFetched = new AtomicLong();
    /** Ids of the partitions restored completely (all of them, unless a partition gate refused some). */
    public final Set<String> partitionsDone = ConcurrentHashMap.newKeySet();
    public volatile String timeSource;
    public volatile int partitions;
    /** Ids of the partitions in scope (restored or, when a partition gate refused them, left). */
    public volatile java.util.List<String> partitionIds = java.util.List.of();
    public volatile long writeUnits;
    public volatile long batchCalls;
    public volatile long batchRetries;
    public volatile Duration duration = Duration.ZERO;
    public volatile Map<String, Long> readerStats = Map.of();

    public RestoreReport(String sourceTable, String targetTable, Instant time, boolean dryRun) {
        this.sourceTable = sourceTable;
        this.targetTable = targetTable;
        this.time = time;
        this.dryRun = dryRun;
    }

    synchronized Counts tenant(String tenant) {
        return perTenant.computeIfAbsent(tenant == null ? "" : tenant, t -> new Counts());
    }

    public long itemsWritten() {
        return total.puts.get() + total.deletes.get();
    }

    public double itemsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : itemsWritten() / seconds;
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("sourceTable", sourceTable);
        o.put("targetTable", targetTable);
        o.put("time", time.toString());
        o.put("dryRun", dryRun);
        o.put("timeSource", timeSource);
        o.put("partitions", partitions);
        o.put("puts", total.puts.get());
        o.put("deletes", total.deletes.get());
        o.put("movedOut", total.movedOut.get());
        o.put("deletesSkippedEmptyTarget", deletesSkippedEmptyTarget.get());
        o.put("unknownKeys", unknownKeys.get());
        o.put("imagesFetched", imagesFetched.get());
        o.put("writeUnits", writeUnits);
        o.put("batchWriteCalls", batchCalls);
        o.put("batchWriteRetries", batchRetries);
        o.put("durationMs", duration.toMillis());
        o.put("itemsPerSecond", Math.round(itemsPerSecond() * 10) / 10.0);
        ObjectNode tenants = o.putObject("perTenant");
        synchronized (this) {
            perTenant.forEach((t, c) -> tenants.putObject(t.isEmpty() ? "(none)" : t)
                    .put("puts", c.puts.get()).put("deletes", c.deletes.get()).put("movedOut", c.movedOut.get()));
        }
        ObjectNode s3 = o.putObject("s3");
        readerStats.forEach(s3::put);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toHuman() {
        StringBuilder b = new StringBuilder();
        b.append(dryRun ? "Dry run: restore of " : "Restored ").append(sourceTable).append(" as of ").append(time)
                .append(" into ").append(targetTable).append('\n');
        b.append(String.format("  %s %d items, %s %d, %d moved to another tenant (left alone)%n",
                dryRun ? "would put" : "put", total.puts.get(), dryRun ? "would delete" : "deleted", total.deletes.get(),
                total.movedOut.get()));
        if (deletesSkippedEmptyTarget.get() > 0) {
            b.append(String.format("  %d deletes not needed (new, empty target table)%n", deletesSkippedEmptyTarget.get()));
        }
        if (unknownKeys.get() > 0) {
            b.append(String.format("  %d absent items skipped: key unknown (no change-log line, no image)%n", unknownKeys.get()));
        }
        synchronized (this) {
            if (perTenant.size() > 1 || (perTenant.size() == 1 && !perTenant.containsKey(""))) {
                perTenant.forEach((t, c) -> b.append(String.format("    tenant %-24s puts %d, deletes %d, moved out %d%n",
                        t.isEmpty() ? "(none)" : t, c.puts.get(), c.deletes.get(), c.movedOut.get())));
            }
        }
        long missing = readerStats.getOrDefault(dev.ddbbackup.backup.BackupView.LOGGED_VERSIONS_MISSING, 0L);
        if (missing > 0) {
            b.append(String.format("  WARNING: %d changes in the change log have no object version in the bucket any more"
                    + " (deleted by a lifecycle rule or by hand); their items were restored to their state before those"
                    + " changes%n", missing));
        }
        b.append(String.format("  time source: %s; %d partitions; %.1f s; %.0f items/s; %d WCU in %d BatchWriteItem calls (%d retries)%n",
                timeSource, partitions, duration.toMillis() / 1000.0, itemsPerSecond(), writeUnits, batchCalls, batchRetries));
        return b.toString();
    }
}
