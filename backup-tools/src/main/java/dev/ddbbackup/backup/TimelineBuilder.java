package dev.ddbbackup.backup;

import dev.ddbbackup.backup.ChangeGrouping.LoggedChange;
import dev.ddbbackup.backup.Change.Origin;
import dev.ddbbackup.backup.VersionEntry.Status;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.VersionMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Joins one item's change-log lines to its listed object versions and builds its timeline: the one
 * rule for a change's time and order, which restore, history, snapshot and verify all read through.
 *
 * <p>Change-log mode. Lambda delivers stream records at least once, so one stream record (one
 * eventID) can have written several versions, each delivery its own:
 * <ol>
 *   <li>Every change-log line names the version its delivery wrote. All lines of one eventID, action
 *       and object key are <b>one change</b>, at the stream's time and sequence number, whichever
 *       versions the deliveries made. Its image is a version one of them names that the bucket
 *       holds (all deliveries of a record write the same image); the others are redundant.</li>
 *   <li>A PUT version no line names (its delivery's change log never landed, or S3's answer was lost)
 *       is read with a HEAD: when its {@code event-id} is a logged event of the same object, it is
 *       one more delivery of that change (and can stand in for its image). Otherwise its own
 *       metadata ({@code approximate-creation-time}, {@code sequence-number}) makes it a change;
 *       unlogged versions sharing an event-id are one change.</li>
 *   <li>A version with neither a line nor that metadata (written by another tool) is a change at
 *       its LastModified.</li>
 *   <li>A delete marker carries no metadata. One no line names, on an object with logged deletes,
 *       made since the function began writing the table's change logs, is a delivery of one of
 *       those deletes: every delivery whose change log did not land is delivered again until one
 *       does, so its delete is logged. (Some S3-compatible servers do not return a delete marker's
 *       version id, so there the lines of a delete name none.) Other markers (older than the
 *       function, or of an object without logged deletes) are deletes at their LastModified, unless
 *       one sits on another marker (a repeated delete).</li>
 * </ol>
 * S3's LastModified is the time of the write, later than the change whenever the stream lagged or
 * a batch was delivered again, so it never orders a change the log or the metadata can time.
 *
 * <p>LastModified mode: every version is a PUT and every marker a DELETE at its LastModified,
 * equal times ordered by listing (S3 lists each key newest first; the latest entry is last).
 */
final class TimelineBuilder {

    private final String tableRoot;
    private final boolean useChangeLog;
    private final Function<ListedVersion, VersionMetadata> head;
    private final Instant functionSince;
    private int missingVersions;

    /**
     * @param head the metadata of a version (a HEAD request, or null when it has none); only called
     *     for PUT versions no change-log line names, in change-log mode
     * @param functionSince from when on the function may have written the table's objects (the
     *     oldest change log, less the longest a Lambda invocation runs), or null when unknown; then
     *     each object's oldest write the change log or metadata accounts for is taken
     */
    TimelineBuilder(String tableRoot, boolean useChangeLog, Function<ListedVersion, VersionMetadata> head,
            Instant functionSince) {
        this.tableRoot = tableRoot;
        this.useChangeLog = useChangeLog;
        this.head = head;
        this.functionSince = functionSince;
    }

    ItemTimeline build(String itemName, List<ChangeLogEntry> lines, List<ListedVersion> versions) {
        Assembly a = new Assembly(versions);
        ItemKey key = null;
        if (useChangeLog) {
            key = lines.isEmpty() ? null : lines.get(0).keys();
            a.byChangeLog(lines);
        } else {
            a.byLastModified();
        }
        a.changes.sort(Change.ORDER);
        a.entries.sort(VersionEntry.ORDER);
        return new ItemTimeline(itemName, key, a.changes, a.entries);
    }

    /** PUT changes built so far none of whose versions the bucket holds. */
    int missingVersions() {
        return missingVersions;
    }

    /** One item's changes and entries under construction. */
    private final class Assembly {
        final List<ListedVersion> versions;
        final Map<String, ListedVersion> listed = new HashMap<>();
        /** Rank of each listed entry within its object, oldest = 1 (for LastModified ties). */
        final Map<String, Integer> rank = new HashMap<>();
        final List<ListedVersion> newestFirst;
        final List<Change> changes = new ArrayList<>();
        final List<VersionEntry> entries = new ArrayList<>();

        Assembly(List<ListedVersion> versions) {
            this.versions = versions;
            for (ListedVersion v : versions) {
                listed.put(id(v.key, v.versionId), v);
            }
            this.newestFirst = ListedVersion.newestFirstPerKey(versions);
            Map<String, Integer> seen = new HashMap<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                ListedVersion v = newestFirst.get(i);
                rank.put(id(v.key, v.versionId), seen.merge(v.key, 1, Integer::sum));
            }
        }

        void byLastModified() {
            versions.forEach(this::addAtLastModified);
        }

        /** A version (or marker) as a change of its own at its LastModified, equal times ordered by listing. */
        private void addAtLastModified(ListedVersion v) {
            Change c = base(v).time(v.lastModified).origin(Origin.LAST_MODIFIED)
                    .listingRank(rank.get(id(v.key, v.versionId))).build();
            changes.add(c);
            entries.add(VersionEntry.of(c, v, Status.APPLIED, Origin.LAST_MODIFIED, null));
        }

        void byChangeLog(List<ChangeLogEntry> lines) {
            List<LoggedChange> events = ChangeGrouping.group(lines);
            Set<String> eventKeys = new HashSet<>();
            events.forEach(event -> eventKeys.add(event.key()));
            // A PUT line names a version, a DELETE line a delete marker. (S3Mock answers a DeleteObject
            // with the id of the version it hid, not of the marker: such a name is no marker's.)
            Set<String> named = new HashSet<>();
            Set<String> loggedDeletes = new HashSet<>();
            for (ChangeLogEntry e : lines) {
                ListedVersion v = listed(e.objectKey(), e.versionId());
                if (v != null && v.deleteMarker == (e.action() == Action.DELETE)) {
                    named.add(id(e.objectKey(), e.versionId()));
                }
                if (e.action() == Action.DELETE) {
                    loggedDeletes.add(e.objectKey());
                }
            }
            // Versions no line names: matched to a logged event by their metadata, or changes of their own.
            Map<String, Instant> oldestAccounted = new HashMap<>();
            Map<String, List<ListedVersion>> matched = new HashMap<>();
            Map<String, List<ListedVersion>> ownEvents = new LinkedHashMap<>();
            Map<String, VersionMetadata> metadata = new HashMap<>();
            List<ListedVersion> unloggedMarkers = new ArrayList<>();
            for (ListedVersion v : versions) {
                if (named.contains(id(v.key, v.versionId))) {
                    oldestAccounted.merge(v.key, v.lastModified, TimelineBuilder::earlier);
                    continue;
                }
                if (v.deleteMarker) {
                    unloggedMarkers.add(v);
                    continue;
                }
                VersionMetadata m = head.apply(v);
                if (m == null) {
                    addAtLastModified(v);
                    continue;
                }
                metadata.put(id(v.key, v.versionId), m);
                oldestAccounted.merge(v.key, v.lastModified, TimelineBuilder::earlier);
                String logged = m.eventId == null ? null : ChangeGrouping.eventKey(m.eventId, Action.PUT, v.key);
                if (logged != null && eventKeys.contains(logged)) {
                    matched.computeIfAbsent(logged, k -> new ArrayList<>()).add(v);
                } else {
                    String own = m.eventId != null ? ChangeGrouping.eventKey(m.eventId, Action.PUT, v.key)
                            : id(v.key, v.versionId);
                    ownEvents.computeIfAbsent(own, k -> new ArrayList<>()).add(v);
                }
            }
            for (LoggedChange event : events) {
                if (event.carriesImage()) {
                    addLoggedImage(event, matched.getOrDefault(event.key(), List.of()));
                } else if (event.isPut()) {
                    addLoggedPut(event, matched.getOrDefault(event.key(), List.of()));
                } else {
                    addLoggedDelete(event);
                }
            }
            for (List<ListedVersion> own : ownEvents.values()) {
                addUnloggedPut(own, metadata);
            }
            for (ListedVersion marker : unloggedMarkers) {
                addUnloggedMarker(marker, loggedDeletes.contains(marker.key),
                        functionSince != null ? functionSince : oldestAccounted.get(marker.key));
            }
        }

        /** One logged PUT event: its deliveries' versions, one of which holds the image. */
        private void addLoggedPut(LoggedChange event, List<ListedVersion> unlogged) {
            ChangeLogEntry first = event.first();
            // Null too: a line that names no version is a delivery whose version is missing.
            Set<String> namedIds = new LinkedHashSet<>();
            for (ChangeLogEntry e : event.deliveries()) {
                namedIds.add(e.versionId());
            }
            List<ListedVersion> logged = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String versionId : namedIds) {
                ListedVersion v = listed(first.objectKey(), versionId);
                if (v == null || v.deleteMarker) {
                    missing.add(versionId);
                } else {
                    logged.add(v);
                }
            }
            logged.sort(BY_LAST_MODIFIED);
            List<ListedVersion> extra = new ArrayList<>(unlogged);
            extra.sort(BY_LAST_MODIFIED);
            List<ListedVersion> candidates = new ArrayList<>(logged);
            candidates.addAll(extra);
            Change change;
            if (candidates.isEmpty()) {
                missingVersions++;
                change = event.change().versionId(missing.get(0)).imageMissing(true).build();
            } else {
                ListedVersion image = candidates.get(0);
                change = event.change().versionId(image.versionId).lastModified(image.lastModified).size(image.size)
                        .deliveriesDiffer(sizesDiffer(first.eventId(), candidates)).build();
            }
            changes.add(change);
            for (ListedVersion v : candidates) {
                boolean applied = v == candidates.get(0);
                boolean byLine = logged.contains(v);
                entries.add(VersionEntry.of(change, v, applied ? Status.APPLIED : Status.REDUNDANT,
                        byLine ? Origin.CHANGE_LOG : Origin.METADATA, applied ? null : byLine
                                ? "another delivery of event " + first.eventId()
                                : "another delivery of event " + first.eventId() + " (no change-log line names it; its metadata does)"));
            }
            for (String versionId : missing) {
                entries.add(new VersionEntry(change, first.objectKey(), versionId, false, null, -1, Status.MISSING,
                        Origin.CHANGE_LOG, "named by the change log, not in the bucket"));
            }
        }

        /**
         * One logged PUT whose line carries its image (log mode): self-sufficient, no version is
         * needed. Versions that deliveries made in objects mode (a batch delivered again across a
         * switch of mode) hold the same image and are redundant.
         */
        private void addLoggedImage(LoggedChange event, List<ListedVersion> unlogged) {
            ChangeLogEntry first = event.first();
            Change change = event.change().build();
            changes.add(change);
            String another = "another delivery of event " + first.eventId();
            boolean applied = false;
            for (ChangeLogEntry e : event.deliveries()) {
                if (e.imageJson() != null) {
                    entries.add(new VersionEntry(change, first.objectKey(), null, false, null,
                            e.imageJson().getBytes(StandardCharsets.UTF_8).length, applied ? Status.REDUNDANT : Status.APPLIED,
                            Origin.CHANGE_LOG, applied ? another + " (its log line)" : null));
                    applied = true;
                    continue;
                }
                ListedVersion v = listed(first.objectKey(), e.versionId());
                if (v != null && !v.deleteMarker) {
                    entries.add(VersionEntry.of(change, v, Status.REDUNDANT, Origin.CHANGE_LOG, another));
                }
            }
            for (ListedVersion v : unlogged) {
                entries.add(VersionEntry.of(change, v, Status.REDUNDANT, Origin.METADATA,
                        another + " (no change-log line names it; its metadata does)"));
            }
        }

        /** One logged DELETE event: the delete markers its deliveries made, if the bucket still has them. */
        private void addLoggedDelete(LoggedChange event) {
            ChangeLogEntry first = event.first();
            List<ListedVersion> markers = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ChangeLogEntry e : event.deliveries()) {
                ListedVersion v = listed(first.objectKey(), e.versionId());
                if (v != null && v.deleteMarker && seen.add(v.versionId)) {
                    markers.add(v);
                }
            }
            markers.sort(BY_LAST_MODIFIED);
            Change.Builder b = event.change();
            if (markers.isEmpty()) {
                b.versionId(first.versionId());
            } else {
                b.versionId(markers.get(0).versionId).lastModified(markers.get(0).lastModified);
            }
            Change change = b.build();
            changes.add(change);
            if (markers.isEmpty()) {
                entries.add(new VersionEntry(change, first.objectKey(), first.versionId(), true, null, -1, Status.APPLIED,
                        Origin.CHANGE_LOG, first.versionId() == null
                                ? "no delete marker named (a log segment's line, or an S3 server that returned no"
                                        + " version id for it)"
                                : listed.containsKey(id(first.objectKey(), first.versionId()))
                                ? "the S3 server returned the id of the version the delete hid, not of its marker"
                                : "delete marker not in the bucket"));
            }
            addDeliveries(change, markers, Origin.CHANGE_LOG, "another delivery of event " + first.eventId());
        }

        /** Versions of one event no change-log line names: one change at their metadata's time. */
        private void addUnloggedPut(List<ListedVersion> deliveries, Map<String, VersionMetadata> metadata) {
            deliveries.sort(BY_LAST_MODIFIED);
            ListedVersion image = deliveries.get(0);
            VersionMetadata m = metadata.get(id(image.key, image.versionId));
            Change change = base(image).time(m.time).sequence(m.sequence).eventName(m.eventName).eventId(m.eventId)
                    .origin(Origin.METADATA).deliveriesDiffer(sizesDiffer(m.eventId, deliveries)).build();
            changes.add(change);
            addDeliveries(change, deliveries, Origin.METADATA,
                    "another delivery of event " + m.eventId + " (no change-log line names it)");
        }

        /** The versions one change's deliveries wrote: the first applied, the others redundant for {@code why}. */
        private void addDeliveries(Change change, List<ListedVersion> deliveries, Origin origin, String why) {
            for (ListedVersion v : deliveries) {
                boolean applied = v == deliveries.get(0);
                entries.add(VersionEntry.of(change, v, applied ? Status.APPLIED : Status.REDUNDANT, origin,
                        applied ? null : why));
            }
        }

        /** The listed version (or marker) a line names, or null when it names none or the bucket does not hold it. */
        private ListedVersion listed(String objectKey, String versionId) {
            return versionId == null ? null : listed.get(id(objectKey, versionId));
        }

        private void addUnloggedMarker(ListedVersion marker, boolean objectHasLoggedDeletes, Instant since) {
            if (objectHasLoggedDeletes && since != null && !marker.lastModified.isBefore(since)) {
                entries.add(VersionEntry.of(null, marker, Status.REDUNDANT, Origin.LAST_MODIFIED,
                        "delete marker no change-log line names, made while the function backed this table up:"
                                + " a delivery of one of this object's logged deletes"));
                return;
            }
            int i = newestFirst.indexOf(marker);
            if (i + 1 < newestFirst.size() && newestFirst.get(i + 1).deleteMarker
                    && newestFirst.get(i + 1).key.equals(marker.key)) {
                entries.add(VersionEntry.of(null, marker, Status.REDUNDANT, Origin.LAST_MODIFIED,
                        "delete marker on a delete marker: a repeated delete"));
                return;
            }
            addAtLastModified(marker);
        }

        private String sizesDiffer(String eventId, List<ListedVersion> deliveries) {
            Set<Long> sizes = new TreeSet<>();
            deliveries.forEach(v -> sizes.add(v.size));
            if (sizes.size() < 2) {
                return null;
            }
            StringBuilder s = new StringBuilder("the deliveries of event ").append(eventId).append(" hold different images:");
            for (ListedVersion v : deliveries) {
                s.append(' ').append(v.versionId).append(" (").append(v.size).append(" bytes)");
            }
            return s.toString();
        }
    }

    private static final Comparator<ListedVersion> BY_LAST_MODIFIED = Comparator
            .comparing((ListedVersion v) -> v.lastModified)
            .thenComparing(v -> v.versionId);

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String id(String objectKey, String versionId) {
        return objectKey + "\u0000" + versionId;
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
