package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.Map;

/**
 * A stream record that passed validation: everything the writer needs, nothing it must re-check.
 *
 * @param newImage the NewImage, already checked to serialise ({@link
 *     DynamoJson#validateEventItem}); null for REMOVE. Kept as the event's own map, serialised only
 *     when written, so that a batch's memory is the event plus what is in flight
 * @param newTenant tenant path segment for the new image (INSERT/MODIFY), or null without
 *     multi-tenancy
 * @param oldTenant tenant path segment from the OldImage, or null (no multi-tenancy, or no
 *     OldImage)
 */
record ChangeRecord(String eventId, EventName eventName, String sequenceNumber, Instant approximateCreationTime,
        String table, ItemKey key, Map<String, AttributeValue> newImage, String newTenant, String oldTenant,
        boolean ttlDelete) {

    /** The stream's event names. */
    enum EventName { INSERT, MODIFY, REMOVE }

    /** The change-log line of one write this record makes (the stream's facts); the store adds what it wrote. */
    ChangeLogEntry entry(ChangeLogEntry.Action action, String objectKey, String tenant) {
        return new ChangeLogEntry(table, eventId, eventName.name(), action, sequenceNumber, approximateCreationTime, key,
                objectKey, tenant, null, ttlDelete, null);
    }
}
