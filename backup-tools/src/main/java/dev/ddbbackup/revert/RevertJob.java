package dev.ddbbackup.revert;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.restore.ItemSize;
import dev.ddbbackup.restore.WriteRateLimiter;
import dev.ddbbackup.state.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts the items changed in a window back to their state at T1, and nothing else. In two phases,
 * as a restore: <b>check</b> — the window's images were all read and checked by
 * {@link WindowChanges}; any problem stops the revert before its first write; items changed again
 * after T2 are conflicts, left out unless {@code overwriteLaterChanges}. <b>Write</b> — per item, the
 * live item is read (strongly consistent) and compared whole with what the backup says it was at
 * T2 (or at its newest change); only when they agree is the T1 state written, by a PutItem or
 * DeleteItem whose {@link ExpectedItemCondition} repeats that comparison inside DynamoDB, so a
 * writer racing the revert is never overwritten: its item is left out and listed.
 */
public record RevertJob(S3Client s3, DynamoDbClient dynamoDb) {

    /**
     * What one run did: the window's items it read, its report, the partitions it had in scope and
     * those it finished (every one it started: a partition is read, checked and written whole).
     */
    public record Share(WindowChanges changes, RevertReport report, List<String> partitionsInScope,
            List<String> partitionsDone) {
    }

    /**
     * Reverts {@code segment}'s partitions of the job: on this machine {@link Segment#all()}, on a
     * fanned-out worker its segment, whose {@code gate} stops starting partitions when the
     * invocation's time runs low. Every image of the partitions started is read and checked before
     * the first write.
     *
     * @throws IllegalArgumentException when the target is missing or has another key than the backup
     */
    public Share run(RevertJobSpec job, Segment segment, PartitionGate gate, Progress progress) {
        KeySchema targetKey = targetKey(dynamoDb, job.targetTable(), job.backup().reader(s3));
        ChangesJob.Share read = new ChangesJob(s3).read(job, job.from(), job.to(), targetKey, segment, gate, progress);
        RevertReport report = write(read.changes(), job, targetKey, segment);
        return new Share(read.changes(), report, read.partitionsInScope(), read.partitionsDone());
    }

    /** The target's key schema; refused when the target is missing or its key differs from the backup's. */
    public static KeySchema targetKey(DynamoDbClient dynamoDb, String target, BackupReader reader) {
        TableDescription table;
        try {
            table = dynamoDb.describeTable(b -> b.tableName(target)).table();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("Target table " + target + " does not exist");
        }
        KeySchema key = KeySchema.of(table.keySchema(), table.attributeDefinitions());
        KeySchema backup = reader.tableDescription().map(KeySchema::of).orElse(null);
        if (backup != null && !backup.sameAs(key)) {
            throw new IllegalArgumentException("The target table " + target + " has the key " + key
                    + ", the backup's table (_table.json) has " + backup);
        }
        return key;
    }

    /**
     * The write phase over a window read and checked: {@code segment} says which share of the
     * job's {@code --max-wcu} this run has.
     */
    public RevertReport write(WindowChanges window, RevertJobSpec job, KeySchema targetKey, Segment segment) {
        long start = System.nanoTime();
        if (!window.problems().isEmpty()) {
            return new RevertReport(RevertReport.Outcome.STOPPED, window.problems().size() + " problems in the backup"
                    + " (listed): nothing was written", job.targetTable(), job.dryRun(), 0, 0, 0, List.of(), List.of(),
                    window.problems(), 0, Duration.ofNanos(System.nanoTime() - start));
        }
        List<RevertReport.LeftOut> leftOut = java.util.Collections.synchronizedList(new ArrayList<>());
        List<RevertReport.Written> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong already = new AtomicLong();
        AtomicLong units = new AtomicLong();
        WriteRateLimiter limiter = WriteRateLimiter.of(segment.share(job.maxWcu()));
        ExecutorService pool = Tasks.daemonPool("revert-write", job.writeConcurrency());
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (ItemChange item : window.items()) {
                if (item.atFrom().movedOut() || item.atTo().movedOut() || item.latest().movedOut()) {
                    leftOut.add(new RevertReport.LeftOut(item, RevertReport.Reason.MOVED,
                            "it moved between tenant folders: revert it without --tenant"));
                    continue;
                }
                if (!job.overwriteLaterChanges() && item.atFrom().sameAs(item.atTo())) {
                    already.incrementAndGet(); // the window left it as it was: a later change is not the window's
                    continue;
                }
                if (item.changedAfter() && !job.overwriteLaterChanges()) {
                    leftOut.add(new RevertReport.LeftOut(item, RevertReport.Reason.CHANGED_AFTER, "changed again at "
                            + item.latest().change().time() + " (" + item.latest().label() + " since); T1: "
                            + item.atFrom().label() + ", T2: " + item.atTo().label()));
                    continue;
                }
                ItemState expected = job.overwriteLaterChanges() ? item.latest() : item.atTo();
                if (expected.sameAs(item.atFrom())) {
                    already.incrementAndGet();
                    continue;
                }
                writes.add(pool.submit(() -> {
                    Written outcome = revert(item, expected, job, targetKey, limiter, units);
                    if (outcome.leftOut() != null) {
                        leftOut.add(outcome.leftOut());
                    } else if (outcome.alreadyAtFrom()) {
                        already.incrementAndGet();
                    } else {
                        written.add(new RevertReport.Written(item, item.atFrom().present()));
                    }
                    return null;
                }));
            }
            Tasks.awaitAll(writes);
        } finally {
            pool.shutdownNow();
        }
        List<RevertReport.LeftOut> listed = new ArrayList<>(leftOut);
        listed.sort(java.util.Comparator.comparing(l -> l.item().key().canonicalJson()));
        List<RevertReport.Written> writes = new ArrayList<>(written);
        writes.sort(java.util.Comparator.comparing(w -> w.item().key().canonicalJson()));
        RevertReport.Outcome outcome = listed.isEmpty() ? RevertReport.Outcome.REVERTED : RevertReport.Outcome.PARTIAL;
        String message = listed.isEmpty() ? null : listed.size() + " items were left out (listed): they were not"
                + " touched";
        long puts = writes.stream().filter(RevertReport.Written::put).count();
        return new RevertReport(outcome, message, job.targetTable(), job.dryRun(), puts, writes.size() - puts,
                already.get(), List.copyOf(writes), List.copyOf(listed), List.of(), units.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** How one item's write ended: written (or, in a dry run, found as expected), already at T1, or left out. */
    private record Written(RevertReport.LeftOut leftOut, boolean alreadyAtFrom) {

        static final Written WRITTEN = new Written(null, false);
        static final Written ALREADY = new Written(null, true);
    }

    private Written revert(ItemChange item, ItemState expected, RevertJobSpec job, KeySchema targetKey,
            WriteRateLimiter limiter, AtomicLong units) throws InterruptedException {
        Map<String, AttributeValue> key = DynamoJson.sdkKeyMap(item.key());
        Map<String, AttributeValue> live = dynamoDb.getItem(b -> b.tableName(job.targetTable()).key(key)
                .consistentRead(true)).item();
        if (!expected.matches(live) && item.atFrom().matches(live)) {
            // Already put back (a fanned-out worker's retry redoes the partitions of an invocation
            // that failed after some writes): nothing to write, nothing to report.
            return Written.ALREADY;
        }
        if (!expected.matches(live)) {
            return new Written(new RevertReport.LeftOut(item, RevertReport.Reason.RACE, "the live item is "
                    + (live == null || live.isEmpty() ? "absent" : "another image") + ", the backup says it is "
                    + expected.label() + (expected.present() ? " with another image" : "") + " (a writer the backup"
                    + " has not seen yet)"), false);
        }
        if (job.dryRun()) {
            return Written.WRITTEN;
        }
        ExpectedItemCondition condition = ExpectedItemCondition.of(expected.present() ? expected.item() : null,
                targetKey.names());
        int cost = Math.max(item.atFrom().present() ? ItemSize.writeUnits(item.atFrom().item()) : 1,
                expected.present() ? ItemSize.writeUnits(expected.item()) : 1);
        limiter.acquire(cost);
        units.addAndGet(cost);
        try {
            if (item.atFrom().present()) {
                dynamoDb.putItem(b -> b.tableName(job.targetTable()).item(item.atFrom().item())
                        .conditionExpression(condition.expression()).expressionAttributeNames(condition.names())
                        .expressionAttributeValues(condition.values().isEmpty() ? null : condition.values()));
            } else {
                dynamoDb.deleteItem(b -> b.tableName(job.targetTable()).key(key)
                        .conditionExpression(condition.expression()).expressionAttributeNames(condition.names())
                        .expressionAttributeValues(condition.values().isEmpty() ? null : condition.values()));
            }
        } catch (ConditionalCheckFailedException e) {
            return new Written(new RevertReport.LeftOut(item, RevertReport.Reason.RACE, "a writer changed it while the"
                    + " revert ran (the write's condition failed): not overwritten"), false);
        }
        return Written.WRITTEN;
    }
}
