package dev.ddbbackup.backup;

import dev.ddbbackup.backup.Change.Origin;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one rule that turns change-log lines into changes, whatever source the lines come from (the
 * full history, a checkpoint's tail; change logs under {@code _changes/} and log segments under
 * {@code _log/}): Lambda delivers stream records at least once, so all lines of one eventID, action
 * and object key are <b>one change</b>, at the stream's time and sequence number, whichever
 * versions its deliveries wrote. A PUT whose line carries its image (a log segment's) is
 * self-sufficient: the image is the line's, no object version is needed.
 */
final class ChangeGrouping {

    private ChangeGrouping() {
    }

    /** One change's lines (its deliveries), in the order read. */
    record LoggedChange(String key, List<ChangeLogEntry> deliveries) {

        ChangeLogEntry first() {
            return deliveries.get(0);
        }

        boolean isPut() {
            return first().action() == Action.PUT;
        }

        /** The versions the deliveries name (none for a line that names none), first named first. */
        Set<String> namedVersionIds() {
            Set<String> ids = new LinkedHashSet<>();
            for (ChangeLogEntry e : deliveries) {
                if (e.versionId() != null) {
                    ids.add(e.versionId());
                }
            }
            return ids;
        }

        /** The image a delivery's line carries (log mode), or null when the lines name versions. */
        String image() {
            for (ChangeLogEntry e : deliveries) {
                if (e.imageJson() != null) {
                    return e.imageJson();
                }
            }
            return null;
        }

        /** Whether the change's image is in its line: then no version is read. */
        boolean carriesImage() {
            return isPut() && image() != null;
        }

        /**
         * Null when every delivery carrying an image carries the same one; otherwise why not (every
         * delivery of a record holds the same image, so the image is untrustworthy).
         */
        String imagesDiffer() {
            Set<String> images = new LinkedHashSet<>();
            for (ChangeLogEntry e : deliveries) {
                if (e.imageJson() != null) {
                    images.add(e.imageJson());
                }
            }
            if (images.size() < 2) {
                return null;
            }
            StringBuilder s = new StringBuilder("the deliveries of event ").append(first().eventId())
                    .append(" carry different images in their log lines:");
            images.forEach(i -> s.append(' ').append(i.length()).append(" chars"));
            return s.toString();
        }

        /**
         * The change as the first line tells it (the line → change copy), with the image when a line
         * carries it; versions are the caller's.
         */
        Change.Builder change() {
            ChangeLogEntry e = first();
            return Change.builder()
                    .time(e.approximateCreationTime())
                    .sequence(e.sequence())
                    .action(e.action())
                    .objectKey(e.objectKey())
                    .tenant(e.tenant())
                    .ttlDelete(e.ttlDelete())
                    .eventName(e.eventName())
                    .eventId(e.eventId())
                    .image(isPut() ? image() : null)
                    .deliveriesDiffer(isPut() ? imagesDiffer() : null)
                    .origin(Origin.CHANGE_LOG);
        }
    }

    /** The lines grouped into changes, in the order each change's first line was read. */
    static List<LoggedChange> group(List<ChangeLogEntry> lines) {
        Map<String, List<ChangeLogEntry>> events = new LinkedHashMap<>();
        for (ChangeLogEntry e : lines) {
            events.computeIfAbsent(eventKey(e.eventId(), e.action(), e.objectKey()), k -> new ArrayList<>()).add(e);
        }
        List<LoggedChange> out = new ArrayList<>(events.size());
        events.forEach((key, deliveries) -> out.add(new LoggedChange(key, deliveries)));
        return out;
    }

    /** The lines by the item they change, in item-name order. */
    static Map<String, List<ChangeLogEntry>> byItem(Collection<ChangeLogEntry> lines) {
        Map<String, List<ChangeLogEntry>> byItem = new TreeMap<>();
        for (ChangeLogEntry e : lines) {
            byItem.computeIfAbsent(BackupCatalog.itemName(e.objectKey()), k -> new ArrayList<>()).add(e);
        }
        return byItem;
    }

    /** The versions logged PUTs name: their lines time them, so they need no HEAD. */
    static Set<String> loggedPutVersions(Collection<ChangeLogEntry> lines) {
        Set<String> versions = new HashSet<>();
        for (ChangeLogEntry e : lines) {
            if (e.action() == Action.PUT && e.versionId() != null) {
                versions.add(e.versionId());
            }
        }
        return versions;
    }

    /** The grouping key: a version's metadata (its event-id) finds its logged change by it. */
    static String eventKey(String eventId, Action action, String objectKey) {
        return Objects.requireNonNull(eventId, "eventId") + "\u0000" + action + "\u0000" + objectKey;
    }
}
