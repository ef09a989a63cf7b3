package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ChangeLogEntry.Action;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One change of one item as the backup recorded it: a PUT (the object version {@link #versionId}
 * holds the item's new image, or in log mode the change's line carries it: {@link #image}) or a
 * DELETE (the item was removed, or moved to another tenant).
 *
 * @param time the change's time: approximateCreationTime, or LastModified for {@link
 *     Origin#LAST_MODIFIED}.
 * @param sequence the stream sequence number, or null when unknown (LastModified-only versions)
 * @param objectKey the S3 object written: {@code {prefix}/{table}/{tenant}/{itemId}}
 * @param versionId the object version: for a PUT the one holding the image (when {@link
 *     #imageMissing()}, the version the change log names, which the bucket does not have); for a
 *     DELETE its delete marker, or null.
 * @param tenant the tenant folder (encoded), or null without multi-tenancy
 * @param eventName INSERT, MODIFY, REMOVE, BACKFILL, or null when unknown
 * @param lastModified S3's LastModified of the version, when listed
 * @param size object size in bytes, or -1 when unknown (delete markers, versions not listed)
 * @param imageMissing whether this PUT's image is in no version the bucket holds: the change log
 *     names the versions its deliveries wrote, and none of them (nor any unlogged version of the
 *     same event) is listed. The change happened, but its image is gone (a lifecycle rule, a
 *     person, or a server that did not list it).
 * @param deliveriesDiffer null when every delivery of this PUT holds the same image; otherwise why
 *     not (the sizes of the versions differ), which makes the image untrustworthy.
 * @param otherVersionIds for a PUT read without listing the bucket (from a checkpoint and the change
 *     logs after it): the versions the change's other deliveries wrote, which hold the same image.
 *     Empty when the versions were listed (then {@link #deliveriesDiffer} has compared them).
 * @param image the new image (DynamoDB JSON) when the change's own line carries it (a log segment's
 *     line, or a checkpoint entry built from one), so no object version holds it and none is read;
 *     null when the image is in the object version {@link #versionId}.
 * @param listingRank order among LastModified-only changes with the same time: lower is older
 */
public record Change(Instant time, BigInteger sequence, Action action, String objectKey, String versionId, String tenant,
        boolean ttlDelete, String eventName, String eventId, Instant lastModified, long size, Origin origin,
        int listingRank, boolean imageMissing, String deliveriesDiffer, List<String> otherVersionIds, String image) {

    /** Where {@link #time} and {@link #sequence} came from. */
    public enum Origin {
        /** A change-log line (the stream's approximateCreationTime and sequence number). */
        CHANGE_LOG,
        /** The object version's own user metadata ({@code approximate-creation-time}, {@code sequence-number}). */
        METADATA,
        /** S3's LastModified: the version carries neither (written by another tool). */
        LAST_MODIFIED;

        /** {@code change-log}, {@code metadata}, {@code last-modified}. */
        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Oldest first: change time, then sequence number (numerically; unknown last), then, within one
     * stream record, the DELETE of a tenant move before its PUT (the item lives on in the new
     * tenant), then for LastModified-only versions the listing order (S3 lists newest first).
     */
    public static final Comparator<Change> ORDER = Comparator
            .comparing(Change::time)
            .thenComparing(Change::sequence, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Change::sameEventTieBreak)
            .thenComparing(Change::listingTieBreak);

    public Change {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(origin, "origin");
        otherVersionIds = List.copyOf(otherVersionIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isPut() {
        return action == Action.PUT;
    }

    /**
     * Whether this DELETE is the old-tenant half of a tenant move (a MODIFY that changed the
     * tenancy attribute): the item was not removed from the table, it moved to another folder.
     */
    public boolean movedOut() {
        return action == Action.DELETE && "MODIFY".equals(eventName);
    }

    private int sameEventTieBreak() {
        return sequence == null ? 0 : (action == Action.DELETE ? 0 : 1);
    }

    private int listingTieBreak() {
        return sequence == null ? listingRank : 0;
    }

    @Override
    public String toString() {
        return time + " " + action + (eventName == null ? "" : " " + eventName) + " seq=" + sequence + " " + objectKey
                + "@" + (image != null ? "line" : versionId) + " (" + origin + (imageMissing ? ", image missing" : "") + ")";
    }

    /** Builder. */
    public static final class Builder {
        private Instant time;
        private BigInteger sequence;
        private Action action;
        private String objectKey;
        private String versionId;
        private String tenant;
        private boolean ttlDelete;
        private String eventName;
        private String eventId;
        private Instant lastModified;
        private long size = -1;
        private Origin origin;
        private int listingRank;
        private boolean imageMissing;
        private String deliveriesDiffer;
        private List<String> otherVersionIds = List.of();
        private String image;

        private Builder() {
        }

        public Builder time(Instant v) { this.time = v; return this; }
        public Builder sequence(BigInteger v) { this.sequence = v; return this; }
        public Builder action(Action v) { this.action = v; return this; }
        public Builder objectKey(String v) { this.objectKey = v; return this; }
        public Builder versionId(String v) { this.versionId = v; return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder ttlDelete(boolean v) { this.ttlDelete = v; return this; }
        public Builder eventName(String v) { this.eventName = v; return this; }
        public Builder eventId(String v) { this.eventId = v; return this; }
        public Builder lastModified(Instant v) { this.lastModified = v; return this; }
        public Builder size(long v) { this.size = v; return this; }
        public Builder origin(Origin v) { this.origin = v; return this; }
        /** Order among LastModified-only changes with the same time: lower is older. */
        public Builder listingRank(int v) { this.listingRank = v; return this; }
        public Builder imageMissing(boolean v) { this.imageMissing = v; return this; }
        public Builder deliveriesDiffer(String v) { this.deliveriesDiffer = v; return this; }
        public Builder otherVersionIds(List<String> v) { this.otherVersionIds = v; return this; }
        public Builder image(String v) { this.image = v; return this; }

        public Change build() {
            return new Change(time, sequence, action, objectKey, versionId, tenant, ttlDelete, eventName, eventId,
                    lastModified, size, origin, listingRank, imageMissing, deliveriesDiffer, otherVersionIds, image);
        }
    }
}
