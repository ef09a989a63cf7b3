package dev.ddbbackup.delivery;

import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.ChangeWindow;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.revert.ItemChange;
import dev.ddbbackup.revert.ItemState;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.revert.RevertReport;
import dev.ddbbackup.revert.WindowChanges;
import dev.ddbbackup.state.Progress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code changes} and {@code revert} under the delivery faults, in every storage mode: a random
 * window (T1, T2] read with {@link ChangeWindow} must hold exactly the keys the model changed in it,
 * each with the model's states at T1 and at T2, its number of changes in the window and whether it
 * changed after T2; a revert of the window into a table holding the model's final state must leave
 * every item changed in it and not after at its T1 state, and every other item as it was (an item
 * changed after T2 is left out and listed).
 */
final class ChangeWindowCheck {

    private final DeliveryFaultModel model;
    private final StreamWorkload workload;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final DeliveryFaultModel.Result result;

    ChangeWindowCheck(DeliveryFaultModel model, StreamWorkload workload, S3Client s3, DynamoDbClient dynamoDb,
            DeliveryFaultModel.Result result) {
        this.model = model;
        this.workload = workload;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.result = result;
    }

    /**
     * Checks {@code count} random windows, the last one up to the last change (nothing changed after
     * it: every item is written back); mismatches go to the result.
     */
    void run(BackupRead read, Random random, int count) {
        long span = workload.last().getEpochSecond() - workload.first().getEpochSecond() + 2;
        for (int i = 0; i < count; i++) {
            Instant from = workload.first().minusSeconds(1).plusSeconds((long) (random.nextDouble() * span));
            Instant to = i == count - 1 ? from.isBefore(workload.last()) ? workload.last() : from.plusSeconds(1)
                    : from.plusSeconds(1 + (long) (random.nextDouble() * span / 3));
            check(read, read.table() + "-window" + i, from, to);
        }
    }

    private void check(BackupRead read, String target, Instant from, Instant to) {
        String what = "window (" + from + ", " + to + "]";
        WindowChanges window;
        try (BackupView view = ChangeWindow.open(read.reader(s3), BackupScope.all(), from, to)) {
            window = WindowChanges.read(view, from, to, null, Progress.none(), 8);
        }
        if (!window.problems().isEmpty()) {
            result.mismatches.add(what + ": problems " + window.problems());
        }
        Map<String, Map<String, AttributeValue>> atFrom = workload.stateAt(from);
        Map<String, Map<String, AttributeValue>> atTo = workload.stateAt(to);
        Map<String, Integer> changes = new TreeMap<>();
        Set<String> changedAfter = new TreeSet<>();
        for (StreamWorkload.Change c : workload.changes()) {
            if (c.time.isAfter(from) && !c.time.isAfter(to)) {
                changes.merge(c.key, 1, Integer::sum);
            } else if (c.time.isAfter(to)) {
                changedAfter.add(c.key);
            }
        }
        Map<String, String> expected = new TreeMap<>();
        changes.forEach((k, n) -> expected.put(k, describe(atFrom.get(k), atTo.get(k), n, changedAfter.contains(k))));
        Map<String, String> actual = new TreeMap<>();
        for (ItemChange c : window.items()) {
            actual.put(DeliveryFaultModel.modelKey(c.key()), describe(c.atFrom(), c.atTo(), c.changesInWindow(),
                    c.changedAfter()));
        }
        DeliveryFaultModel.compare("changes in " + what, expected, actual, result);
        revert(new RevertJobSpec(read, from, to, null, null, target, false, false, 0, 4), window, what, atFrom, atTo,
                changes.keySet(), changedAfter);
        result.windowsChecked++;
        result.windowItems += window.items().size();
    }

    /** A revert into a table holding the model's final state. */
    private void revert(RevertJobSpec job, WindowChanges window, String what,
            Map<String, Map<String, AttributeValue>> atFrom, Map<String, Map<String, AttributeValue>> atTo,
            Set<String> inWindow, Set<String> changedAfter) {
        String target = job.targetTable();
        Map<String, Map<String, AttributeValue>> live = workload.stateAt(workload.last());
        model.createTable(target);
        live.values().forEach(item -> dynamoDb.putItem(b -> b.tableName(target).item(item)));
        Map<String, Map<String, AttributeValue>> expected = new TreeMap<>(live);
        Set<String> conflicts = new TreeSet<>();
        for (String k : inWindow) {
            if (Objects.equals(canonical(atFrom.get(k)), canonical(atTo.get(k)))) {
                continue; // the window left it as it was: nothing to undo
            }
            if (changedAfter.contains(k)) {
                conflicts.add(k);
            } else if (atFrom.containsKey(k)) {
                expected.put(k, atFrom.get(k));
            } else {
                expected.remove(k);
            }
        }
        TableDescription table = dynamoDb.describeTable(b -> b.tableName(target)).table();
        RevertReport report = new RevertJob(s3, dynamoDb).write(window, job,
                KeySchema.of(table.keySchema(), table.attributeDefinitions()), Segment.all());
        Set<String> leftOut = new TreeSet<>();
        for (RevertReport.LeftOut l : report.leftOut()) {
            leftOut.add(DeliveryFaultModel.modelKey(l.item().key()));
            if (l.reason() != RevertReport.Reason.CHANGED_AFTER) {
                result.mismatches.add("revert of " + what + ": " + l.item().key() + " left out: " + l.reason());
            }
        }
        if (!leftOut.equals(conflicts)) {
            result.mismatches.add("revert of " + what + ": left out " + leftOut + ", the model's conflicts " + conflicts);
        }
        DeliveryFaultModel.compare("revert of " + what, Items.canonicalState(expected), model.scan(target), result);
        result.itemsReverted += report.puts() + report.deletes();
    }

    private static String describe(Map<String, AttributeValue> atFrom, Map<String, AttributeValue> atTo, int changes,
            boolean changedAfter) {
        return "T1 " + canonical(atFrom) + ", T2 " + canonical(atTo) + ", " + changes + " changes"
                + (changedAfter ? ", changed after T2" : "");
    }

    private static String describe(ItemState atFrom, ItemState atTo, int changes, boolean changedAfter) {
        return describe(atFrom.item(), atTo.item(), changes, changedAfter)
                + (atFrom.readable() && atTo.readable() ? "" : " (unreadable or moved)");
    }

    private static String canonical(Map<String, AttributeValue> item) {
        return item == null ? "absent" : Items.canonical(item);
    }
}
