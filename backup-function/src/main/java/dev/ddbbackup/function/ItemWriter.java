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
final class ItemWriter {

    private final S3Writer s3;
    private final ObjectKeys objectKeys;

    ItemWriter(S3Writer s3, ObjectKeys objectKeys) {
        this.s3 = s3;
        this.objectKeys = objectKeys;
    }

    /** Writes the change; every S3 call ends by {@code deadline}. */
    List<ChangeLogEntry> write(ChangeRecord record, Deadline deadline) {
        List<ChangeLogEntry> written = new ArrayList<>(2);
        if (record.eventName == ChangeRecord.EventName.REMOVE) {
            String key = objectKeys.objectKey(record.table, record.oldTenant, record.key, record.eventId);
            written.add(entry(record, Action.DELETE, key, record.oldTenant, s3.delete(key, deadline)));
            return written;
        }
        String key = objectKeys.objectKey(record.table, record.newTenant, record.key, record.eventId);
        // Serialised here, not when the batch was parsed: only the images in flight exist as bytes.
        byte[] image = DynamoJson.eventItemToBytes(record.newImage);
        written.add(entry(record, Action.PUT, key, record.newTenant,
                s3.putJson(key, image, metadata(record), deadline, null)));
        if (record.oldTenant != null && !record.oldTenant.equals(record.newTenant)) {
            String oldKey = objectKeys.objectKey(record.table, record.oldTenant, record.key, record.eventId);
            written.add(entry(record, Action.DELETE, oldKey, record.oldTenant, s3.delete(oldKey, deadline)));
        }
        return written;
    }

    /** User metadata on every item version: the stream's facts about the change. */
    static Map<String, String> metadata(ChangeRecord record) {
        return VersionMetadata.of(record.eventName.name(), record.eventId, record.sequenceNumber,
                record.approximateCreationTime);
    }

    private static ChangeLogEntry entry(ChangeRecord record, Action action, String objectKey, String tenant,
            String versionId) {
        return ChangeLogEntry.builder()
                .table(record.table)
                .eventId(record.eventId)
                .eventName(record.eventName.name())
                .action(action)
                .sequenceNumber(record.sequenceNumber)
                .approximateCreationTime(record.approximateCreationTime)
                .keys(record.key)
                .objectKey(objectKey)
                .tenant(tenant)
                .versionId(versionId)
                .ttlDelete(record.ttlDelete)
                .build();
    }
}
