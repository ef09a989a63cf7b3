package dev.ddbbackup.backup;

import dev.ddbbackup.backup.Change.Origin;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One write the backup holds for an item (an object version or a delete marker), or one the
 * change log names that the bucket does not hold, with the part it plays in the item's timeline.
 * {@code history} prints one row per entry, so every version is accounted for.
 *
 * @param change the change this write belongs to; null for a delete marker that repeats a logged
 *     delete of its object without naming which ({@link #note} says so)
 * @param lastModified S3's LastModified, or null when the bucket does not hold the write
 * @param size bytes; -1 for delete markers and missing versions
 * @param origin how this write was tied to its time: a change-log line names it, its own metadata
 *     (a repeated or unlogged delivery), or its LastModified
 * @param note why the entry is redundant or missing, for people; null for an applied write
 */
public record VersionEntry(Change change, String objectKey, String versionId, boolean deleteMarker,
        Instant lastModified, long size, Status status, Origin origin, String note) {

    /** The part a write plays. */
    public enum Status {
        /** The write that stands for its change (the image a restore uses, or the delete). */
        APPLIED,
        /** Another delivery of a change that already has its applied write: no change of state. */
        REDUNDANT,
        /** Named by a change-log line, not in the bucket. */
        MISSING;

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Oldest first: by time and sequence; within a change, its applied write, then repeats, then missing ones. */
    public static final Comparator<VersionEntry> ORDER = Comparator
            .comparing(VersionEntry::time)
            .thenComparing(VersionEntry::sequence, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.change == null ? 1 : e.change.isPut() ? 1 : 0)
            .thenComparing(e -> e.status.ordinal())
            .thenComparing(e -> e.lastModified, Comparator.nullsLast(Comparator.naturalOrder()));

    public VersionEntry {
        if (change == null && lastModified == null) {
            throw new IllegalArgumentException("An entry without a change needs its LastModified");
        }
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(origin, "origin");
    }

    static VersionEntry of(Change change, ListedVersion v, Status status, Origin origin, String note) {
        return new VersionEntry(change, v.key, v.versionId, v.deleteMarker, v.lastModified, v.size, status, origin, note);
    }

    /** The change's time, or this write's LastModified when it belongs to no change. */
    public Instant time() {
        return change != null ? change.time() : lastModified;
    }

    public java.math.BigInteger sequence() {
        return change == null ? null : change.sequence();
    }

    @Override
    public String toString() {
        return status + " " + objectKey + "@" + versionId + " " + time() + " (" + origin + ")" + (note == null ? "" : " " + note);
    }
}
