package dev.ddbbackup.verify;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.NameEncoding;
import dev.ddbbackup.json.TenantNames;
import dev.ddbbackup.table.ParallelScan;
import dev.ddbbackup.table.ReadCapacityLimiter;
import dev.ddbbackup.state.ItemAtTime;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.state.PartitionWalk;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Compares a table, item by item, with the backup's state (latest, or at a time T): items in the
 * table but not in the backup (missing), in the backup but not in the table (extra), and items
 * whose content differs.
 *
 * <p>The table is scanned first (parallel, strongly consistent) into a local spool of (key,
 * digest) per backup partition; then the backup is read partition by partition and each
 * partition is compared with its share of the spool, so memory holds one partition.
 *
 * @param threads backup partitions compared at once
 */
public record Verifier(DynamoDbClient dynamoDb, S3Client s3, int threads) {

    /**
     * Compares {@code table} (the live table, or a restored copy) with the job's backup, at the
     * job's time (null: the latest state), on this machine: one segment holding every partition,
     * whose table side is the whole table, scanned first into a local spool.
     */
    public VerifyReport compare(VerifyJobSpec job, String table, Progress progress) throws Exception {
        return compare(job, table, progress, Findings.NONE);
    }

    /** As {@link #compare(VerifyJobSpec, String, Progress)}, handing each difference to {@code findings} as it is found. */
    public VerifyReport compare(VerifyJobSpec job, String table, Progress progress, Findings findings)
            throws Exception {
        long started = System.nanoTime();
        try (TableSpool spool = new TableSpool()) {
            Scanned[] scanned = new Scanned[1];
            Comparison c = compare(job, table, Segment.all(), PartitionGate.always(), findings, (view, keySchema) -> {
                scanned[0] = spoolTable(job, table, keySchema, view.md5Names(), spool, progress);
                return new Side(spool::read, spool.partitionIds());
            }, progress);
            return new VerifyReport(table, job.table(), job.time(), c.differences().counts(scanned[0].inScope,
                    c.present(), scanned[0].stats.consumedReadCapacity()), (System.nanoTime() - started) / 1_000_000,
                    c.checkpoint(), c.readFrom());
        }
    }

    /**
     * One segment of a comparison whose table side was scanned elsewhere (a verify fanned out over
     * workers): the segment's partitions (of the job's width, which the table side was sorted by)
     * compared with their share of the table ({@code tableSide}), as {@code gate} lets partitions
     * start. The report counts exactly the partitions done; the others are left for another run.
     *
     * @throws IllegalArgumentException when the backup's item names are not MD5 hex (plain-text
     *     names are split by a hash of the name, which the table side is not sorted by)
     */
    public ShareComparison run(VerifyJobSpec job, Segment segment, PartitionGate gate, TableSide tableSide)
            throws Exception {
        List<String> partitionIds = segment.partitionIds(job.width());
        Comparison c = compare(job, job.table(), segment, gate, Findings.NONE, (view, keySchema) -> {
            if (!view.md5Names()) {
                throw new IllegalArgumentException("The backup of " + job.table() + " has plain-text item names"
                        + " (PlainTextKeyAsFilename): a fanned-out verify needs MD5 names; run verify on one machine");
            }
            return new Side(tableSide, partitionIds);
        }, Progress.none());
        return new ShareComparison(c.differences().counts(c.tableItems(), c.present(), 0), partitionIds,
                partitionIds.stream().filter(c.done()::contains).toList());
    }

    /** The table's side of a comparison and its partition ids, once the backup's view is open. */
    private record Side(TableSide table, java.util.Collection<String> partitionIds) {
    }

    /** Where a comparison's table side comes from, given the backup it is compared with and the table's key. */
    @FunctionalInterface
    private interface SideSource {
        Side open(BackupView view, List<String> keySchema) throws Exception;
    }

    /** What the one driver found, before it becomes a report. */
    private record Comparison(Differences differences, long tableItems, long present, Set<String> done,
            Instant checkpoint, String readFrom) {
    }

    /**
     * The one driver: the backup's state (at the job's time, or the latest) of the segment's
     * partitions, each compared with its share of the table, as the gate lets partitions start.
     * Partitions the backup has no object in at all (a backup with no item yet) hold only items
     * missing from the backup. The problems that belong to no partition (unreadable change-log
     * lines, a bad {@code _table.json}) are met by every segment: the first run of segment 0 reports
     * them, once (on one machine, that is the only run).
     */
    private Comparison compare(VerifyJobSpec job, String table, Segment segment, PartitionGate gate, Findings findings,
            SideSource sides, Progress progress) throws Exception {
        Instant time = job.time() == null ? Instant.MAX : job.time();
        Differences differences = new Differences(findings);
        // The backup first: a wrong bucket, prefix or table is refused as such, not as a missing live table.
        try (BackupView view = job.backup().reader(s3).openAt(segment.scope(job.scope()), time)) {
            KeySchema tableKey = tableKeySchema(table);
            List<String> keySchema = tableKey.names();
            Side side = sides.open(view, keySchema);
            findings.opened(view);
            Set<String> inBackup = new java.util.HashSet<>(view.partitions().stream().map(Partition::id).toList());
            // Read _table.json now, so its problem (if any) is among the backup-wide ones, never a partition's.
            view.backupKeySchema();
            if (segment.index() == 0 && segment.partitions() == null) {
                view.problems().forEach(differences::unreadable);
            }
            int opening = view.problems().size();
            AtomicLong tableItems = new AtomicLong();
            TableSide counted = id -> {
                Map<String, String> share = side.table().partition(id);
                tableItems.addAndGet(share.size());
                return share;
            };
            Set<String> done = ConcurrentHashMap.newKeySet();
            PartitionWalk states = new PartitionWalk(view, time, job.backup().concurrency(), tableKey);
            progress.start("Compare with backup", states.partitions().size(), "partitions");
            states.run(threads, thread -> new PartitionComparison(counted, keySchema, differences, done),
                    () -> progress.step(1), gate);
            List<BackupProblem> later = view.problems();
            later.subList(opening, later.size()).forEach(differences::unreadable);
            for (String id : side.partitionIds()) {
                if (!inBackup.contains(id)) {
                    // A partition the backup does not have at all: every item of it is missing.
                    counted.partition(id).keySet().forEach(differences::missing);
                    done.add(id);
                }
            }
            return new Comparison(differences, tableItems.get(), states.present(), done,
                    view.checkpoint().map(m -> m.time()).orElse(null), view.describeSource());
        }
    }

    /** The share of the table one partition of the backup is compared with: canonical key JSON to {@link ItemDigest}. */
    @FunctionalInterface
    public interface TableSide {
        Map<String, String> partition(String partitionId) throws Exception;
    }

    /** What {@link #run} did: its counts, the partitions it had in scope and those it finished. */
    public record ShareComparison(VerifyCounts counts, List<String> partitionsInScope, List<String> partitionsDone) {
    }

    /** A table item's key (its canonical JSON and MD5 name are what verify compares and sorts by). */
    public static dev.ddbbackup.layout.ItemKey itemKey(Map<String, AttributeValue> item, List<String> keySchema) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keySchema) {
            AttributeValue v = item.get(name);
            if (v == null) {
                throw new IllegalStateException("Item without key attribute '" + name + "': "
                        + DynamoJson.sdkItemToJson(item));
            }
            key.put(name, v);
        }
        return DynamoJson.sdkKey(key);
    }

    private KeySchema tableKeySchema(String table) {
        var described = dynamoDb.describeTable(b -> b.tableName(table)).table();
        return KeySchema.of(described.keySchema(), described.attributeDefinitions());
    }

    /** The scan's statistics and the number of items in scope (of the tenant, when one is given). */
    private record Scanned(ParallelScan.Stats stats, long inScope) {
    }

    private Scanned spoolTable(VerifyJobSpec job, String table, List<String> keySchema, boolean md5Names,
            TableSpool spool, Progress progress) throws Exception {
        Long approximate = dynamoDb.describeTable(b -> b.tableName(table)).table().itemCount();
        progress.start("Scan " + table, approximate == null ? 0 : approximate, "items");
        String tenantSegment = job.tenant() == null ? null : NameEncoding.encode(job.tenant());
        AtomicLong inScope = new AtomicLong();
        ReadCapacityLimiter limiter = job.maxRcu() > 0 ? new ReadCapacityLimiter(job.maxRcu()) : null;
        ParallelScan.Stats stats = new ParallelScan(dynamoDb, table, job.scanSegments(), limiter).run((segment, items) -> {
            for (Map<String, AttributeValue> item : items) {
                if (tenantSegment != null && !tenantSegment.equals(
                        TenantNames.ofSdkValue(job.tenantColumn(), item.get(job.tenantColumn())).segment)) {
                    continue;
                }
                inScope.incrementAndGet();
                var key = itemKey(item, keySchema);
                String partition = md5Names ? job.width().partitionOf(key.md5Hex()) : Partition.ALL;
                spool.add(partition, key.canonicalJson(), ItemDigest.of(item));
            }
            progress.step(items.size());
        });
        spool.seal();
        return new Scanned(stats, inScope.get());
    }

    /** Compares the partitions one thread processes with their share of the table. */
    private static final class PartitionComparison implements PartitionWalk.Visitor {
        private final TableSide tableSide;
        private final List<String> keySchema;
        private final Differences differences;
        private final Set<String> done;
        private Map<String, String> expected;

        PartitionComparison(TableSide tableSide, List<String> keySchema, Differences differences, Set<String> done) {
            this.tableSide = tableSide;
            this.keySchema = keySchema;
            this.differences = differences;
            this.done = done;
        }

        @Override
        public void startPartition(Partition partition) throws Exception {
            expected = tableSide.partition(partition.id());
        }

        @Override
        public void present(ItemAtTime.Present item) {
            String key = itemKey(item.item(), keySchema).canonicalJson();
            String tableDigest = expected.remove(key);
            if (tableDigest == null) {
                differences.extra(key, item);
            } else if (!tableDigest.equals(ItemDigest.of(item.item()))) {
                differences.differing(key, item);
            }
        }

        /** The backup cannot say what the item is: reported as such, not also as missing from the backup. */
        @Override
        public void unreadable(ItemAtTime.Unreadable item) {
            differences.unreadable(item.problem());
            if (item.timeline().key() != null) {
                expected.remove(item.timeline().key().canonicalJson());
            }
        }

        @Override
        public void endPartition(Partition partition) {
            expected.keySet().forEach(differences::missing);
            expected = null;
            done.add(partition.id());
        }
    }
}
