package dev.ddbbackup.restore;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import dev.ddbbackup.state.ItemAtTime;
import dev.ddbbackup.state.PartitionWalk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A restore's check phase: every item's state at the time, from a {@link PartitionWalk}, turned
 * into the write that brings the target there (a put of the checked image, a delete by its key),
 * spooled; counts and problems into the report. Nothing is written to the table here.
 */
final class RestoreCheck {

    /**
     * What the check found besides the counts: the partitions checked (those the gate let start),
     * and the first reason the target's key schema does not fit, if any.
     */
    record Outcome(List<Partition> checked, Optional<String> schemaMismatch) {
    }

    private final RestoreJobSpec request;
    private final RestoreTally report;
    private final WriteSpool planned;
    private final KeySchema target;
    private final AtomicReference<String> schemaMismatch = new AtomicReference<>();
    private final List<Partition> checked = Collections.synchronizedList(new ArrayList<>());

    RestoreCheck(RestoreJobSpec request, RestoreTally report, WriteSpool planned, KeySchema target) {
        this.request = request;
        this.report = report;
        this.planned = planned;
        this.target = target;
    }

    /** One visitor per walking thread. */
    PartitionWalk.Visitor visitor() {
        return new Visitor();
    }

    Outcome outcome() {
        List<Partition> done;
        synchronized (checked) {
            done = List.copyOf(checked);
        }
        return new Outcome(done, Optional.ofNullable(schemaMismatch.get()));
    }

    private final class Visitor implements PartitionWalk.Visitor {
        private Partition partition;

        @Override
        public void startPartition(Partition p) {
            partition = p;
        }

        @Override
        public void present(ItemAtTime.Present item) {
            report.imagesFetched.incrementAndGet();
            Map<String, AttributeValue> restored = ItemImages.toItem(item.item());
            String mismatch = targetMismatch(restored, item.change());
            if (mismatch != null) {
                schemaMismatch.compareAndSet(null, mismatch);
                return;
            }
            add(new PlannedWrite.Put(restored), item.change().tenant(), true);
        }

        @Override
        public void absent(ItemAtTime.Absent item) {
            if (request.targetIsNew()) {
                report.deletesSkippedEmptyTarget.incrementAndGet();
                return;
            }
            if (item.keyImageRead()) {
                report.imagesFetched.incrementAndGet();
            }
            ItemKey key = item.key();
            if (item.timeline().changes().isEmpty() || key == null) {
                report.unknownKeys.incrementAndGet();
                return;
            }
            Map<String, AttributeValue> keyMap = DynamoJson.sdkKeyMap(key);
            List<Change> changes = item.timeline().changes();
            Change last = changes.get(changes.size() - 1);
            String mismatch = targetMismatch(keyMap, last);
            if (mismatch != null || (target != null && keyMap.size() != target.names().size())) {
                schemaMismatch.compareAndSet(null, mismatch != null ? mismatch : "The key " + key + " of "
                        + last.objectKey() + " does not fit the target table " + request.targetTable() + " (key "
                        + target + ")");
                return;
            }
            add(new PlannedWrite.Delete(keyMap), item.tenant(), false);
        }

        @Override
        public void moved(ItemAtTime.Moved item) {
            report.total.movedOut.incrementAndGet();
            report.tenant(item.moveOut().tenant()).movedOut.incrementAndGet();
        }

        /** Left untouched (never deleted): the problem is listed and decides whether the restore goes on. */
        @Override
        public void unreadable(ItemAtTime.Unreadable item) {
            report.problem(item.problem());
            report.itemsSkipped.incrementAndGet();
        }

        @Override
        public void endPartition(Partition p) {
            checked.add(p);
        }

        private void add(PlannedWrite write, String tenant, boolean put) {
            planned.add(partition.id(), write);
            RestoreTally.Counts t = report.tenant(tenant);
            (put ? report.total.puts : report.total.deletes).incrementAndGet();
            (put ? t.puts : t.deletes).incrementAndGet();
        }
    }

    /** Why an item (or key) does not fit the target's key schema, or null. */
    private String targetMismatch(Map<String, AttributeValue> attributes, Change change) {
        if (target == null) {
            return null;
        }
        for (String name : target.names()) {
            AttributeValue v = attributes.get(name);
            KeyValue scalar = v == null ? null : DynamoJson.sdkScalar(v);
            String type = target.type(name);
            if (scalar == null || (type != null && !type.equals(scalar.type().name()))) {
                return "The target table " + request.targetTable() + " has the key " + target + ", but "
                        + change.objectKey() + (change.isPut() ? " version " + change.versionId() : "")
                        + (change.isPut() ? " has " : "'s key has ")
                        + (v == null ? "no attribute '" + name + "'" : "'" + name + "' of another type")
                        + ": restore into a table with the backup's key schema";
            }
        }
        return null;
    }
}
