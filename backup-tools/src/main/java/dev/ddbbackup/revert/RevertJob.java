package dev.ddbbackup.revert;

import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.restore.ItemSize;
import dev.ddbbackup.restore.WriteRateLimiter;
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
public final class RevertJob {

    private final DynamoDbClient dynamoDb;

    public RevertJob(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public RevertReport run(WindowChanges window, RevertRequest request) {
        long start = System.nanoTime();
        if (!window.problems().isEmpty()) {
            return new RevertReport(RevertReport.Outcome.STOPPED, window.problems().size() + " problems in the backup"
                    + " (listed): nothing was written", request.targetTable(), request.dryRun(), 0, 0, 0, List.of(), List.of(),
                    window.problems(), 0, Duration.ofNanos(System.nanoTime() - start));
        }
        List<RevertReport.LeftOut> leftOut = java.util.Collections.synchronizedList(new ArrayList<>());
        List<RevertReport.Written> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong puts = new AtomicLong();
        AtomicLong deletes = new AtomicLong();
        AtomicLong already = new AtomicLong();
        AtomicLong units = new AtomicLong();
        WriteRateLimiter limiter = WriteRateLimiter.of(request.maxWcu());
        ExecutorService pool = Tasks.daemonPool("revert-write", request.concurrency());
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (ItemChange item : window.items()) {
                if (item.atFrom().movedOut() || item.atTo().movedOut() || item.latest().movedOut()) {
                    leftOut.add(new RevertReport.LeftOut(item, RevertReport.Reason.MOVED,
                            "it moved between tenant folders: revert it without --tenant"));
                    continue;
                }
                if (!request.overwriteLaterChanges() && item.atFrom().sameAs(item.atTo())) {
                    already.incrementAndGet(); // the window left it as it was: a later change is not the window's
                    continue;
                }
                if (item.changedAfter() && !request.overwriteLaterChanges()) {
                    leftOut.add(new RevertReport.LeftOut(item, RevertReport.Reason.CHANGED_AFTER, "changed again at "
                            + item.latest().change().time() + " (" + item.latest().label() + " since); T1: "
                            + item.atFrom().label() + ", T2: " + item.atTo().label()));
                    continue;
                }
                ItemState expected = request.overwriteLaterChanges() ? item.latest() : item.atTo();
                if (expected.sameAs(item.atFrom())) {
                    already.incrementAndGet();
                    continue;
                }
                writes.add(pool.submit(() -> {
                    RevertReport.LeftOut race = revert(item, expected, request, limiter, units);
                    if (race != null) {
                        leftOut.add(race);
                    } else {
                        written.add(new RevertReport.Written(item, item.atFrom().present()));
                        (item.atFrom().present() ? puts : deletes).incrementAndGet();
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
        return new RevertReport(outcome, message, request.targetTable(), request.dryRun(), puts.get(), deletes.get(),
                already.get(), List.copyOf(writes), List.copyOf(listed), List.of(), units.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** One item: null when written (or, in a dry run, found as expected), else why it was left out. */
    private RevertReport.LeftOut revert(ItemChange item, ItemState expected, RevertRequest request,
            WriteRateLimiter limiter, AtomicLong units) throws InterruptedException {
        Map<String, AttributeValue> key = DynamoJson.sdkKeyMap(item.key());
        Map<String, AttributeValue> live = dynamoDb.getItem(b -> b.tableName(request.targetTable()).key(key)
                .consistentRead(true)).item();
        if (!expected.matches(live)) {
            return new RevertReport.LeftOut(item, RevertReport.Reason.RACE, "the live item is "
                    + (live == null || live.isEmpty() ? "absent" : "another image") + ", the backup says it is "
                    + expected.label() + (expected.present() ? " with another image" : "") + " (a writer the backup"
                    + " has not seen yet)");
        }
        if (request.dryRun()) {
            return null;
        }
        ExpectedItemCondition condition = ExpectedItemCondition.of(expected.present() ? expected.item() : null,
                request.targetKey().names());
        int cost = Math.max(item.atFrom().present() ? ItemSize.writeUnits(item.atFrom().item()) : 1,
                expected.present() ? ItemSize.writeUnits(expected.item()) : 1);
        limiter.acquire(cost);
        units.addAndGet(cost);
        try {
            if (item.atFrom().present()) {
                dynamoDb.putItem(b -> b.tableName(request.targetTable()).item(item.atFrom().item())
                        .conditionExpression(condition.expression()).expressionAttributeNames(condition.names())
                        .expressionAttributeValues(condition.values().isEmpty() ? null : condition.values()));
            } else {
                dynamoDb.deleteItem(b -> b.tableName(request.targetTable()).key(key)
                        .conditionExpression(condition.expression()).expressionAttributeNames(condition.names())
                        .expressionAttributeValues(condition.values().isEmpty() ? null : condition.values()));
            }
        } catch (ConditionalCheckFailedException e) {
            return new RevertReport.LeftOut(item, RevertReport.Reason.RACE, "a writer changed it while the revert ran"
                    + " (the write's condition failed): not overwritten");
        }
        return null;
    }
}
