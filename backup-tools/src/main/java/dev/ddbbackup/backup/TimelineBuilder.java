package dev.ddbbackup.backup;

import dev.ddbbackup.backup.Change.Origin;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Joins one item's change-log lines to its listed object versions and builds its timeline.
 *
 * <p>Change-log mode: every line is a change (repeats from retried batches removed by eventID,
 * action and object key). A PUT line names its version; a PUT version no line names was written
 * by an invocation whose change log never landed (or by a retry of it): its metadata (one HEAD)
 * gives its time, unless it repeats a logged event. A DELETE line is paired with a delete marker
 * of the same object (by version id, else the nearest unpaired one); a marker left unpaired is a
 * delete at its LastModified.
 *
 * <p>LastModified mode: every version is a PUT and every marker a DELETE at its LastModified,
 * equal times ordered by listing (S3 lists each key newest first; the latest entry is last).
 */
final class TimelineBuilder {

    private final String tableRoot;
    private final boolean useChangeLog;
    private final Function<ListedVersion, VersionMetadata> head;
    private int missingVersions;

    /**
     * @param head fetches a version's metadata (a HEAD request); only called for PUT versions no
     *     change-log line names, in change-log mode
     */
    TimelineBuilder(String tableRoot, boolean useChangeLog, Function<ListedVersion, VersionMetadata> head) {
        this.tableRoot = tableRoot;
        this.useChangeLog = useChangeLog;
        this.head = head;
    }

    ItemTimeline build(String itemName, List<ChangeLogEntry> lines, List<ListedVersion> versions) {
        List<Change> changes = new ArrayList<>();
        ItemKey key = null;
        if (!useChangeLog) {
            addByLastModified(changes, versions);
        } else {
            List<ChangeLogEntry> unique = dedupe(lines);
            key = unique.isEmpty() ? null : unique.get(0).keys();
            addByChangeLog(changes, unique, versions);
        }
        changes.sort(Change.ORDER);
        return new ItemTimeline(itemName, key, changes);
    }

    /** PUT changes built so far whose logged object version is no longer in the bucket. */
    int missingVersions() {
        return missingVersions;
    }

    static List<ChangeLogEntry> dedupe(List<ChangeLogEntry> lines) {
        Map<String, ChangeLogEntry> unique = new LinkedHashMap<>();
        for (ChangeLogEntry e : lines) {
            unique.putIfAbsent(e.eventId() + "\u0000" + e.action() + "\u0000" + e.objectKey(), e);
        }
        return new ArrayList<>(unique.values());
    }

    private void addByLastModified(List<Change> changes, List<ListedVersion> versions) {
        // Listing order is newest first per key: rank = position counted from the end.
        Map<String, Integer> seen = new HashMap<>();
        List<ListedVersion> ordered = newestFirstPerKey(versions);
        for (int i = ordered.size() - 1; i >= 0; i--) {
            ListedVersion v = ordered.get(i);
            int rank = seen.merge(v.key, 1, Integer::sum);
            changes.add(base(v).time(v.lastModified).origin(Origin.LAST_MODIFIED).listingRank(rank).build());
        }
    }

    /**
     * S3 returns each key's versions and markers interleaved newest first, but the SDK splits
     * them into two lists. Re-interleave by LastModified (stable: a version and a marker with the
     * same LastModified keep "version older than marker"), and the latest entry goes first.
     */
    private static List<ListedVersion> newestFirstPerKey(List<ListedVersion> versions) {
        List<ListedVersion> out = new ArrayList<>(versions);
        out.sort((a, b) -> {
            int c = a.key.compareTo(b.key);
            if (c != 0) {
                return c;
            }
            if (a.latest != b.latest) {
                return a.latest ? -1 : 1;
            }
            c = b.lastModified.compareTo(a.lastModified);
            if (c != 0) {
                return c;
            }
            return Boolean.compare(b.deleteMarker, a.deleteMarker);
        });
        return out;
    }

    private void addByChangeLog(List<Change> changes, List<ChangeLogEntry> lines, List<ListedVersion> versions) {
        Map<String, ListedVersion> byVersionId = new HashMap<>();
        for (ListedVersion v : versions) {
            byVersionId.put(v.versionId, v);
        }
        Set<String> used = new HashSet<>();
        Set<String> loggedPutEvents = new HashSet<>();
        List<ChangeLogEntry> deletes = new ArrayList<>();
        for (ChangeLogEntry e : lines) {
            if (e.action() == Action.DELETE) {
                deletes.add(e);
                continue;
            }
            loggedPutEvents.add(e.eventId() + "\u0000" + e.objectKey());
            ListedVersion v = e.versionId() == null ? null : byVersionId.get(e.versionId());
            if (v == null || v.deleteMarker) {
                // The version is gone (deleted by a lifecycle rule or by hand): nothing to restore
                // from. Counted, so that reports can say so instead of restoring an older state quietly.
                if (e.versionId() != null) {
                    missingVersions++;
                }
                continue;
            }
            used.add(v.versionId);
            changes.add(fromLine(e).versionId(v.versionId).lastModified(v.lastModified).size(v.size).build());
        }
        for (ChangeLogEntry e : deletes) {
            ListedVersion marker = e.versionId() == null ? null : byVersionId.get(e.versionId());
            if (marker == null || !marker.deleteMarker || used.contains(marker.versionId)) {
                marker = nearestUnusedMarker(versions, used, e);
            }
            Change.Builder c = fromLine(e);
            if (marker != null) {
                used.add(marker.versionId);
                c.versionId(marker.versionId).lastModified(marker.lastModified);
            }
            changes.add(c.build());
        }
        for (ListedVersion v : versions) {
            if (used.contains(v.versionId)) {
                continue;
            }
            if (v.deleteMarker) {
                if (!hidesAMarker(versions, v, used)) {
                    changes.add(base(v).time(v.lastModified).origin(Origin.LAST_MODIFIED).build());
                }
                // else: a retried REMOVE deleting an already deleted object: no change of state.
                continue;
            }
            VersionMetadata m = head.apply(v);
            if (m == null) {
                changes.add(base(v).time(v.lastModified).origin(Origin.LAST_MODIFIED).build());
            } else if (m.eventId == null || !loggedPutEvents.contains(m.eventId + "\u0000" + v.key)) {
                changes.add(base(v).time(m.time).sequence(m.sequence).eventName(m.eventName).eventId(m.eventId)
                        .origin(Origin.METADATA).build());
            }
            // else: an earlier attempt of a logged event (the batch was retried): not a change of its own.
        }
    }

    /**
     * Whether a delete marker sits next to another marker of the same object: of two consecutive
     * markers the newer one deleted an already deleted object (a retried REMOVE). An unpaired
     * marker is redundant when the one just older is a marker, or when the one just newer is
     * paired with a change-log line (which then stands for the deletion).
     */
    private static boolean hidesAMarker(List<ListedVersion> versions, ListedVersion marker, Set<String> paired) {
        List<ListedVersion> ordered = newestFirstPerKey(versions);
        int i = ordered.indexOf(marker);
        return isMarkerOf(ordered, i + 1, marker.key)
                || (isMarkerOf(ordered, i - 1, marker.key) && paired.contains(ordered.get(i - 1).versionId));
    }

    private static boolean isMarkerOf(List<ListedVersion> ordered, int i, String key) {
        return i >= 0 && i < ordered.size() && ordered.get(i).deleteMarker && ordered.get(i).key.equals(key);
    }

    private static ListedVersion nearestUnusedMarker(List<ListedVersion> versions, Set<String> used, ChangeLogEntry e) {
        ListedVersion best = null;
        long bestDistance = Long.MAX_VALUE;
        for (ListedVersion v : versions) {
            if (!v.deleteMarker || used.contains(v.versionId) || !v.key.equals(e.objectKey())) {
                continue;
            }
            long d = Math.abs(Duration.between(e.approximateCreationTime(), v.lastModified).toMillis());
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        return best;
    }

    private static Change.Builder fromLine(ChangeLogEntry e) {
        return Change.builder()
                .time(e.approximateCreationTime())
                .sequence(e.sequence())
                .action(e.action())
                .objectKey(e.objectKey())
                .tenant(e.tenant())
                .ttlDelete(e.ttlDelete())
                .eventName(e.eventName())
                .eventId(e.eventId())
                .origin(Origin.CHANGE_LOG);
    }

    private Change.Builder base(ListedVersion v) {
        return Change.builder()
                .action(v.deleteMarker ? Action.DELETE : Action.PUT)
                .objectKey(v.key)
                .versionId(v.versionId)
                .tenant(tenantOf(v.key))
                .lastModified(v.lastModified)
                .size(v.size);
    }

    /** The tenant folder of an object key below the table root, or null when there is none. */
    String tenantOf(String objectKey) {
        String relative = objectKey.substring(tableRoot.length());
        int slash = relative.indexOf('/');
        return slash < 0 ? null : relative.substring(0, slash);
    }
}
