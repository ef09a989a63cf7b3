package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.Map;

/** A stream record that passed validation: everything the writer needs, nothing it must re-check. */
final class ChangeRecord {

    /** The stream's event names. */
    enum EventName { INSERT, MODIFY, REMOVE }

    final String eventId;
    final EventName eventName;
    final String sequenceNumber;
    final Instant approximateCreationTime;
    final String table;
    final ItemKey key;
    /**
     * The NewImage, already checked to serialise ({@link DynamoJson#validateEventItem}); null for
     * REMOVE. Kept as the event's own map, serialised only when written, so that a batch's memory
     * is the event plus what is in flight.
     */
    final Map<String, AttributeValue> newImage;
    /** Tenant path segment for the new image (INSERT/MODIFY), or null without multi-tenancy. */
    final String newTenant;
    /** Tenant path segment from the OldImage, or null (no multi-tenancy, or no OldImage). */
    final String oldTenant;
    final boolean ttlDelete;

    ChangeRecord(String eventId, EventName eventName, String sequenceNumber, Instant approximateCreationTime,
            String table, ItemKey key, Map<String, AttributeValue> newImage, String newTenant, String oldTenant,
            boolean ttlDelete) {
        this.eventId = eventId;
        this.eventName = eventName;
        this.sequenceNumber = sequenceNumber;
        this.approximateCreationTime = approximateCreationTime;
        this.table = table;
        this.key = key;
        this.newImage = newImage;
        this.newTenant = newTenant;
        this.oldTenant = oldTenant;
        this.ttlDelete = ttlDelete;
    }
}
