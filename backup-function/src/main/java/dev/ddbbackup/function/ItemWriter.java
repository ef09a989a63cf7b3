package dev.ddbbackup.function;

import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.VersionMetadata;
import dev.ddbbackup.s3.S3Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one change to the bucket: INSERT and MODIFY PUT the new image, REMOVE DELETEs (a delete
 * marker). A MODIFY that moves the item to another tenant also DELETEs the object under the old
 * tenant, after the PUT, so each tenant's history stays true and the item is never absent from
 * both.
 */
record ItemWriter(S3Writer s3, ObjectKeys objectKeys) {

    /**
     * One object written for a change, as the change log records it, and whether the SDK retried
     * the write (then the key's current version is checked before the batch ends: {@link CurrentVersions}).
     */
    record Written(ChangeRecord change, ChangeLogEntry entry, boolean retried) {
    }

    /** Writes the change; every S3 call ends by {@code deadline}. */
    List<Written> write(ChangeRecord record, Deadline deadline) {
        List<Written> written = new ArrayList<>(2);
        if (record.eventName() == ChangeRecord.EventName.REMOVE) {
            String key = objectKeys.objectKey(record.table(), record.oldTenant(), record.key(), record.eventId());
            written.add(written(record, Action.DELETE, key, record.oldTenant(), s3.deleteVersion(key, deadline)));
            return written;
        }
        String key = objectKeys.objectKey(record.table(), record.newTenant(), record.key(), record.eventId());
        written.add(written(record, Action.PUT, key, record.newTenant(), put(record, key, deadline)));
        if (record.oldTenant() != null && !record.oldTenant().equals(record.newTenant())) {
            String oldKey = objectKeys.objectKey(record.table(), record.oldTenant(), record.key(), record.eventId());
            written.add(written(record, Action.DELETE, oldKey, record.oldTenant(), s3.deleteVersion(oldKey, deadline)));
        }
        return written;
    }

    /** Writes the same change to the same object again, as a new version (or delete marker). */
    S3Writer.Written rewrite(Written write, Deadline deadline) {
        String key = write.entry().objectKey();
        return write.entry().action() == Action.PUT ? put(write.change(), key, deadline) : s3.deleteVersion(key, deadline);
    }

    private S3Writer.Written put(ChangeRecord record, String key, Deadline deadline) {
        // Serialised here, not when the batch was parsed: only the images in flight exist as bytes.
        byte[] image = DynamoJson.eventItemToBytes(record.newImage());
        return s3.putVersion(key, image, metadata(record), deadline);
    }

    private static Written written(ChangeRecord record, Action action, String objectKey, String tenant,
            S3Writer.Written write) {
        return new Written(record, record.entry(action, objectKey, tenant).withStored(write.versionId(), null),
                write.retried());
    }

    /** User metadata on every item version: the stream's facts about the change. */
    static Map<String, String> metadata(ChangeRecord record) {
        return VersionMetadata.of(record.eventName().name(), record.eventId(), record.sequenceNumber(),
                record.approximateCreationTime());
    }
}
