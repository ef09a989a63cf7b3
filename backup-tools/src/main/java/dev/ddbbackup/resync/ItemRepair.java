package dev.ddbbackup.resync;

import dev.ddbbackup.backfill.ToolChanges;
import dev.ddbbackup.job.JobJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.resync.ResyncReport.Builder.Left;
import dev.ddbbackup.state.ItemAtTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The repair of one item: its live state read again and written as the resync's change. The table
 * has it: its image PUT where the function would put it (and, when the backup holds it under
 * another tenant's folder, a DELETE there after the PUT, as the function writes a tenant move).
 * The table has it no more: a DELETE of the backup's object. Neither has it: nothing to write.
 */
record ItemRepair(DynamoDbClient dynamoDb, String table, List<String> keySchema, KeyStrategy strategy,
        String tenantColumn, ToolChanges changes, ResyncStore store, boolean dryRun) {

    /** The writes made (or planned) for {@code d}; what was skipped or failed is noted in {@code report}. */
    List<Repair> repair(Difference d, ResyncReport.Builder report) {
        ItemAtTime.Present backup = d.backup();
        if (backup != null && !backup.change().time().isBefore(changes.time())) {
            // Its latest change would sort after the resync: it is changing now; the stream has the last word.
            report.left(Left.CHANGING, "changing: " + d.key());
            return List.of();
        }
        ItemKey key = JobJson.parseKey(d.key());
        Map<String, AttributeValue> live;
        try {
            live = Resync.liveItem(dynamoDb, table, key);
        } catch (RuntimeException e) {
            report.left(Left.FAILED, d.key() + ": reading the live item: " + e.getMessage());
            return List.of();
        }
        String eventId = changes.newEventId();
        List<ChangeLogEntry> planned = new ArrayList<>(2);
        if (live != null) {
            ToolChanges.Located at = changes.locate(live, keySchema, strategy, tenantColumn);
            planned.add(changes.entry(eventId, Action.PUT, key, at.objectKey(), at.tenant()));
            if (backup != null && !backup.change().objectKey().equals(at.objectKey())) {
                planned.add(changes.entry(eventId, Action.DELETE, key, backup.change().objectKey(),
                        backup.change().tenant()));
            }
        } else if (backup != null) {
            planned.add(changes.entry(eventId, Action.DELETE, key, backup.change().objectKey(), backup.change().tenant()));
        } else {
            report.left(Left.GONE, null);
            return List.of();
        }
        List<Repair> done = new ArrayList<>(planned.size());
        for (ChangeLogEntry p : planned) {
            Repair r = new Repair(d.kind(), d.key(), p.action(), p.objectKey(), Repair.Outcome.PLANNED);
            if (!dryRun) {
                try {
                    store.write(p, live);
                    r = r.with(Repair.Outcome.WRITTEN);
                } catch (RuntimeException e) {
                    report.left(Left.FAILED, d.key() + ": " + p.action() + " " + p.objectKey() + ": " + e.getMessage());
                    r = r.with(Repair.Outcome.FAILED);
                }
            }
            done.add(r);
            if (r.outcome() == Repair.Outcome.FAILED) {
                break; // the item's later write would leave it half moved
            }
        }
        return done;
    }
}
