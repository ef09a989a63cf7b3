package dev.ddbbackup.backup;

import dev.ddbbackup.backup.Change.Origin;
import dev.ddbbackup.backup.ChangeGrouping.LoggedChange;
import dev.ddbbackup.backup.VersionEntry.Status;
import dev.ddbbackup.checkpoint.CheckpointEntry;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Items' timelines from a checkpoint and the change-log lines read on top of it, without listing
 * the bucket: each object starts at its checkpoint entry (its last change at or before T0), and a
 * line counts only when its change is <b>ordered after</b> that entry by {@link Change#ORDER} (the
 * ordering rule: time, then sequence number). So a line that reached the change logs late (after
 * the checkpoint was built) is applied when it is newer than the entry, whatever its time, and a
 * line of the entry's own event (another delivery of it) or of an older change is not. All lines
 * of one eventID, action and object are one change, as on the full path; its image is the one
 * its line or entry carries (log mode), else the first version they name, the others standing in
 * when it is gone.
 */
final class CheckpointTimelines {

    private final Instant checkpointTime;
    private long lateLines;
    private long entries;

    CheckpointTimelines(Instant checkpointTime) {
        this.checkpointTime = checkpointTime;
    }

    /** The items of one partition, sorted by item name. */
    List<ItemTimeline> build(Collection<CheckpointEntry> checkpoint, List<ChangeLogEntry> lines) {
        Map<String, CheckpointEntry> byObject = new HashMap<>();
        for (CheckpointEntry e : checkpoint) {
            entries++;
            byObject.put(e.objectKey(), e);
        }
        List<LoggedChange> events = ChangeGrouping.group(lines);
        // Deliveries of an entry's own change name more versions holding its image: keep them all, so
        // the image survives a lifecycle rule expiring the one the entry names once another is current.
        Map<String, Set<String>> moreVersions = new HashMap<>();
        for (LoggedChange event : events) {
            ChangeLogEntry first = event.first();
            CheckpointEntry entry = byObject.get(first.objectKey());
            if (entry != null && first.action() == Action.PUT && entry.action() == Action.PUT
                    && first.eventId().equals(entry.eventId())) {
                Set<String> more = moreVersions.computeIfAbsent(first.objectKey(), k -> new LinkedHashSet<>());
                event.deliveries().forEach(d -> {
                    if (d.versionId() != null && !d.versionId().equals(entry.versionId())
                            && !entry.otherVersionIds().contains(d.versionId())) {
                        more.add(d.versionId());
                    }
                });
            }
        }
        Map<String, Change> base = new HashMap<>();
        Map<String, List<Change>> byItem = new TreeMap<>();
        Map<String, ItemKey> keys = new HashMap<>();
        for (CheckpointEntry e : byObject.values()) {
            Change c = change(e, moreVersions.getOrDefault(e.objectKey(), Set.of()));
            base.put(e.objectKey(), c);
            byItem.computeIfAbsent(e.itemName(), k -> new ArrayList<>()).add(c);
            if (e.keys() != null) {
                keys.putIfAbsent(e.itemName(), e.keys());
            }
        }
        for (LoggedChange event : events) {
            ChangeLogEntry first = event.first();
            Change c = change(event);
            Change entry = base.get(first.objectKey());
            if (entry != null && Change.ORDER.compare(c, entry) <= 0) {
                continue; // the entry's own change (another delivery of it), or older
            }
            if (!c.time().isAfter(checkpointTime)) {
                lateLines++;
            }
            String name = BackupCatalog.itemName(first.objectKey());
            byItem.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
            keys.put(name, first.keys());
        }
        List<ItemTimeline> out = new ArrayList<>(byItem.size());
        for (Map.Entry<String, List<Change>> item : byItem.entrySet()) {
            List<Change> changes = item.getValue();
            changes.sort(Change.ORDER);
            List<VersionEntry> applied = new ArrayList<>(changes.size());
            for (Change c : changes) {
                applied.add(new VersionEntry(c, c.objectKey(), c.versionId(), !c.isPut(), c.lastModified(), c.size(),
                        Status.APPLIED, c.origin(), null));
            }
            out.add(new ItemTimeline(item.getKey(), keys.get(item.getKey()), changes, applied));
        }
        return out;
    }

    /** Lines applied on top of the checkpoint whose change is at or before T0 (they landed after it was built). */
    long lateLines() {
        return lateLines;
    }

    long entries() {
        return entries;
    }

    private static Change change(CheckpointEntry e, Set<String> moreVersions) {
        List<String> others = new ArrayList<>(e.otherVersionIds());
        others.addAll(moreVersions);
        return Change.builder()
                .time(e.time())
                .sequence(e.sequence())
                .action(e.action())
                .objectKey(e.objectKey())
                .versionId(e.versionId())
                .otherVersionIds(others)
                .image(e.image())
                .tenant(e.tenant())
                .ttlDelete(e.ttlDelete())
                .eventName(e.eventName())
                .eventId(e.eventId())
                .origin(origin(e.origin()))
                .build();
    }

    /**
     * A logged change: its image is its line's (log mode), or the first version its deliveries name,
     * the others standing in.
     */
    private static Change change(LoggedChange event) {
        if (event.carriesImage()) {
            return event.change().build();
        }
        boolean put = event.isPut();
        List<String> ids = put ? new ArrayList<>(event.namedVersionIds()) : List.of();
        return event.change()
                .versionId(put ? (ids.isEmpty() ? null : ids.get(0)) : event.first().versionId())
                .otherVersionIds(ids.size() > 1 ? ids.subList(1, ids.size()) : List.of())
                .imageMissing(put && ids.isEmpty())
                .build();
    }

    private static Origin origin(String cliName) {
        for (Origin o : Origin.values()) {
            if (o.cliName().equals(cliName)) {
                return o;
            }
        }
        throw new IllegalArgumentException("origin must be change-log, metadata or last-modified, was " + cliName);
    }
}
