package dev.ddbbackup.function;

import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;

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
    /** The NewImage as DynamoDB JSON; null for REMOVE. */
    final byte[] newImage;
    /** Tenant path segment for the new image (INSERT/MODIFY), or null without multi-tenancy. */
    final String newTenant;
    /** Tenant path segment from the OldImage, or null (no multi-tenancy, or no OldImage). */
    final String oldTenant;
    final boolean ttlDelete;

    ChangeRecord(String eventId, EventName eventName, String sequenceNumber, Instant approximateCreationTime,
            String table, ItemKey key, byte[] newImage, String newTenant, String oldTenant, boolean ttlDelete) {
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
