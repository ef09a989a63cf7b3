package dev.ddbbackup.backup;

import java.time.Instant;
import java.util.Optional;

/**
 * One item changed in a window (T1, T2], as its timeline tells it: its last change at or before T1
 * and at or before T2 (empty when it did not exist yet), its newest change, how many of its changes
 * fall in the window and whether it changed again after T2.
 */
public record WindowedItem(ItemTimeline timeline, Instant from, Instant to) {

    /** The last change at or before T1, or empty (created later). */
    public Optional<Change> atFrom() {
        return timeline.latestAt(from);
    }

    /** The last change at or before T2. */
    public Optional<Change> atTo() {
        return timeline.latestAt(to);
    }

    /** The newest change the backup holds. */
    public Optional<Change> latest() {
        return timeline.changes().isEmpty() ? Optional.empty()
                : Optional.of(timeline.changes().get(timeline.changes().size() - 1));
    }

    /** Changes with T1 &lt; time &lt;= T2, by stream record (a tenant move's two halves are one). */
    public int changesInWindow() {
        java.util.Set<String> records = new java.util.HashSet<>();
        for (Change c : timeline.changes()) {
            if (c.time().isAfter(from) && !c.time().isAfter(to)) {
                records.add(c.eventId() != null ? c.eventId() : c.time() + " " + c.sequence() + " " + c.objectKey());
            }
        }
        return records.size();
    }

    /** Whether a change later than T2 exists. */
    public boolean changedAfter() {
        return latest().map(c -> c.time().isAfter(to)).orElse(false);
    }
}
