package dev.ddbbackup.layout;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a change log: one object write (PUT or DELETE) made for one stream record.
 *
 * <p>The change log lets a restore order changes by the stream's own time and sequence number
 * instead of S3's LastModified (which is the time of the write, late when the stream lagged or a
 * batch was retried). A record normally makes one write; a MODIFY that moves an item to another
 * tenant makes two (DELETE under the old tenant, PUT under the new one) and so two lines.
 *
 * <p>In log mode ({@link LogSegment}) the same line is the change itself: it has no version id (no
 * object was written) and a PUT carries the new image ({@link #imageJson}), the DynamoDB JSON the
 * objects mode stores as the object's body. A change log of the objects mode has no image field.
 *
 * @param eventName INSERT, MODIFY, REMOVE or BACKFILL
 * @param tenant the tenant path segment (encoded), or null without multi-tenancy
 * @param versionId the version id S3 returned for this write (null on an unversioned bucket)
 * @param imageJson the new image in DynamoDB JSON (log mode's PUT lines), or null
 */
public record ChangeLogEntry(String table, String eventId, String eventName, Action action, String sequenceNumber,
        Instant approximateCreationTime, ItemKey keys, String objectKey, String tenant, String versionId,
        boolean ttlDelete, String imageJson) {

    /** The object write. */
    public enum Action { PUT, DELETE }

    public ChangeLogEntry {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(approximateCreationTime, "approximateCreationTime");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(objectKey, "objectKey");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The sequence number as a number: they are decimal strings of varying length. */
    public BigInteger sequence() {
        return new BigInteger(sequenceNumber);
    }

    /** The entry as one JSON line (no trailing newline). */
    public String toJsonLine() {
        return ChangeLine.write(imageJson == null ? 256 : 256 + imageJson.length(), line -> line
                .text("table", table)
                .text("eventID", eventId)
                .text("eventName", eventName)
                .text("action", action.name())
                .text("sequenceNumber", sequenceNumber)
                .text("approximateCreationTime", approximateCreationTime.toString())
                .keys("keys", keys)
                .text("objectKey", objectKey)
                .text("tenant", tenant)
                .text("versionId", versionId)
                .flag("ttlDelete", ttlDelete)
                .rawJsonIfPresent("image", imageJson));
    }

    /**
     * Parses a line written by {@link #toJsonLine}.
     *
     * @throws IllegalArgumentException saying what is wrong with the line (not JSON, a field missing
     *     or of the wrong form)
     */
    public static ChangeLogEntry parse(String line) {
        Builder b = builder();
        ChangeLine.read(line, (field, value) -> {
            switch (field) {
                case "table": b.table(value.text()); break;
                case "eventID": b.eventId(value.text()); break;
                case "eventName": b.eventName(value.text()); break;
                case "action": b.action(value.action()); break;
                case "sequenceNumber": b.sequenceNumber(value.sequenceNumber()); break;
                case "approximateCreationTime": b.approximateCreationTime(value.time()); break;
                case "keys": b.keys(value.keys()); break;
                case "objectKey": b.objectKey(value.text()); break;
                case "tenant": b.tenant(value.textOrNull()); break;
                case "versionId": b.versionId(value.textOrNull()); break;
                case "ttlDelete": b.ttlDelete(value.flag()); break;
                case "image": b.imageJson(value.isNull() ? null : value.rawJsonObject()); break;
                default: break;
            }
        });
        ChangeLine.require(b.table, "table");
        ChangeLine.require(b.eventId, "eventID");
        ChangeLine.require(b.eventName, "eventName");
        ChangeLine.require(b.objectKey, "objectKey");
        ChangeLine.require(b.action, "action");
        ChangeLine.require(b.sequenceNumber, "sequenceNumber");
        ChangeLine.require(b.approximateCreationTime, "approximateCreationTime");
        ChangeLine.require(b.keys, "keys");
        return b.build();
    }

    @Override
    public String toString() {
        return toJsonLine();
    }

    /** Builder. */
    public static final class Builder {
        private String table;
        private String eventId;
        private String eventName;
        private Action action;
        private String sequenceNumber;
        private Instant approximateCreationTime;
        private ItemKey keys;
        private String objectKey;
        private String tenant;
        private String versionId;
        private boolean ttlDelete;
        private String imageJson;

        private Builder() {
        }

        public Builder table(String v) { this.table = v; return this; }
        public Builder eventId(String v) { this.eventId = v; return this; }
        public Builder eventName(String v) { this.eventName = v; return this; }
        public Builder action(Action v) { this.action = v; return this; }
        public Builder sequenceNumber(String v) { this.sequenceNumber = v; return this; }
        public Builder approximateCreationTime(Instant v) { this.approximateCreationTime = v; return this; }
        public Builder keys(ItemKey v) { this.keys = v; return this; }
        public Builder objectKey(String v) { this.objectKey = v; return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder versionId(String v) { this.versionId = v; return this; }
        public Builder ttlDelete(boolean v) { this.ttlDelete = v; return this; }
        /** The new image as one compact DynamoDB JSON object (no line break), or null. */
        public Builder imageJson(String v) { this.imageJson = v; return this; }

        public ChangeLogEntry build() {
            return new ChangeLogEntry(table, eventId, eventName, action, sequenceNumber, approximateCreationTime, keys,
                    objectKey, tenant, versionId, ttlDelete, imageJson);
        }
    }
}
