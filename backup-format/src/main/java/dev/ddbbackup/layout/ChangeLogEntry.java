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

    /**
     * This line with what its store wrote: the object version S3 returned (objects mode) or the new
     * image as one compact DynamoDB JSON object, no line break (log mode's PUT lines).
     */
    public ChangeLogEntry withStored(String versionId, String imageJson) {
        return new ChangeLogEntry(table, eventId, eventName, action, sequenceNumber, approximateCreationTime, keys,
                objectKey, tenant, versionId, ttlDelete, imageJson);
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
        ChangeLine.Values v = ChangeLine.read(line);
        return new ChangeLogEntry(v.required("table"), v.required("eventID"), v.required("eventName"),
                v.required("action"), v.required("sequenceNumber"), v.required("approximateCreationTime"),
                v.required("keys"), v.required("objectKey"), v.get("tenant"), v.get("versionId"), v.flag("ttlDelete"),
                v.get("image"));
    }

    @Override
    public String toString() {
        return toJsonLine();
    }
}
