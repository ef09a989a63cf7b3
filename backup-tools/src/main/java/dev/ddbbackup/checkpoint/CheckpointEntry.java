package dev.ddbbackup.checkpoint;

import dev.ddbbackup.layout.ChangeLine;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of a checkpoint: the last change of one object (one item in one tenant folder) at or
 * before the checkpoint's time, by the ordering rule (docs/RESTORE.md). It carries the change's
 * identity (time, sequence number, eventID: what later change-log lines are ordered against), and
 * its outcome: a PUT names the object version holding the image (and the versions the change's
 * other deliveries wrote, any of which holds the same image); a DELETE means the object was absent.
 *
 * <pre>{@code
 * {"objectKey":"bk/Orders/acme/0cc1...","tenant":"acme","keys":{"id":{"S":"a"}},"action":"PUT",
 *  "versionId":"3HL4...","otherVersionIds":[],"eventID":"c4ca...","eventName":"MODIFY",
 *  "sequenceNumber":"4421...","approximateCreationTime":"2026-11-20T10:15:00Z","ttlDelete":false,
 *  "origin":"change-log"}
 * }</pre>
 *
 * In log mode no object version holds the image: a PUT entry then carries it instead, as its
 * change's log line did ({@code "image":{...}} in DynamoDB JSON, no {@code versionId}), so a
 * checkpoint holds the images themselves and the next one is built from it and the segments since.
 *
 * <p>{@code keys}, {@code eventID}, {@code eventName} and {@code sequenceNumber} are null when the
 * change was not timed by a change-log line (a version's metadata, or LastModified for versions
 * written by other tools); {@code origin} says which ({@code change-log}, {@code metadata},
 * {@code last-modified}).
 *
 * @param objectKey {@code {prefix}/{table}/{tenant}/{itemId}}
 * @param keys the item's key when a change-log line gave it, else null
 * @param action PUT: the object held {@link #versionId}'s image; DELETE: it was absent
 * @param otherVersionIds the versions other deliveries of the same change wrote (same image), oldest known first
 * @param time the change's time (approximateCreationTime, or LastModified for {@code last-modified})
 * @param origin {@code change-log}, {@code metadata} or {@code last-modified}
 * @param image the new image in DynamoDB JSON when the entry carries it (log mode), else null
 */
public record CheckpointEntry(String objectKey, String tenant, ItemKey keys, Action action, String versionId,
        List<String> otherVersionIds, String eventId, String eventName, String sequenceNumber, Instant time,
        boolean ttlDelete, String origin, String image) {

    public CheckpointEntry {
        ChangeLine.require(objectKey, "objectKey");
        Objects.requireNonNull(action, "action");
        otherVersionIds = List.copyOf(otherVersionIds);
        Objects.requireNonNull(time, "approximateCreationTime");
        ChangeLine.require(origin, "origin");
        if (!origin.equals("change-log") && !origin.equals("metadata") && !origin.equals("last-modified")) {
            throw new IllegalArgumentException("origin must be change-log, metadata or last-modified, was '" + origin + "'");
        }
        if (action == Action.PUT && versionId == null && image == null) {
            throw new IllegalArgumentException("a PUT entry must name its version or carry its image");
        }
        if (image != null && action != Action.PUT) {
            throw new IllegalArgumentException("only a PUT entry carries an image");
        }
        if (sequenceNumber != null) {
            ChangeLine.requireSequenceNumber(sequenceNumber);
        }
    }

    /** The item name: the object key's last segment. */
    public String itemName() {
        return objectKey.substring(objectKey.lastIndexOf('/') + 1);
    }

    public BigInteger sequence() {
        return sequenceNumber == null ? null : new BigInteger(sequenceNumber);
    }

    /** The entry as one JSON line (no newline). */
    public String toJsonLine() {
        return ChangeLine.write(image == null ? 320 : 320 + image.length(), line -> line
                .text("objectKey", objectKey)
                .text("tenant", tenant)
                .keys("keys", keys)
                .text("action", action.name())
                .text("versionId", versionId)
                .texts("otherVersionIds", otherVersionIds)
                .text("eventID", eventId)
                .text("eventName", eventName)
                .text("sequenceNumber", sequenceNumber)
                .text("approximateCreationTime", time.toString())
                .flag("ttlDelete", ttlDelete)
                .text("origin", origin)
                .rawJsonIfPresent("image", image));
    }

    /**
     * Parses a line written by {@link #toJsonLine}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static CheckpointEntry parse(String line) {
        ChangeLine.Values v = ChangeLine.read(line);
        return new CheckpointEntry(v.required("objectKey"), v.get("tenant"), v.get("keys"), v.required("action"),
                v.get("versionId"), v.get("otherVersionIds", List.of()), v.get("eventID"), v.get("eventName"),
                v.get("sequenceNumber"), v.required("approximateCreationTime"), v.flag("ttlDelete"),
                v.required("origin"), v.get("image"));
    }

    @Override
    public String toString() {
        return toJsonLine();
    }
}
