package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.json.MalformedAttributeException;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.json.TenantNames;
import dev.ddbbackup.observability.JsonLog;
import java.util.Map;

/** Validates a Lambda stream record and turns it into a {@link ChangeRecord}. */
record RecordParser(TenantResolver tenants, JsonLog log) {

    /** @param delivered a record that is not null */
    ChangeRecord parse(DeliveredBatch.Delivered delivered) throws InvalidRecordException {
        DynamodbStreamRecord record = delivered.record();
        StreamRecord ddb = record.getDynamodb();
        if (ddb == null) {
            throw new InvalidRecordException("the record has no 'dynamodb' section");
        }
        if (record.getEventID() == null || record.getEventID().isEmpty()) {
            throw new InvalidRecordException("the record has no eventID");
        }
        String sequence = delivered.sequence();
        if (sequence == null) {
            throw new InvalidRecordException("the record has no valid SequenceNumber");
        }
        if (ddb.getApproximateCreationDateTime() == null) {
            throw new InvalidRecordException("the record has no ApproximateCreationDateTime");
        }
        ChangeRecord.EventName eventName = eventName(record.getEventName());
        ItemKey key;
        try {
            key = DynamoJson.eventKey(ddb.getKeys());
        } catch (MalformedAttributeException e) {
            throw new InvalidRecordException("no parsable key: " + e.getMessage());
        }

        Map<String, AttributeValue> newImage = null;
        String newTenant = null;
        if (eventName != ChangeRecord.EventName.REMOVE) {
            if (isEmpty(ddb.getNewImage())) {
                throw new InvalidRecordException(eventName + " without NewImage: the stream view type is "
                        + ddb.getStreamViewType() + ", the backup needs NEW_AND_OLD_IMAGES (or NEW_IMAGE)");
            }
            try {
                DynamoJson.validateEventItem(ddb.getNewImage());
                newImage = ddb.getNewImage();
            } catch (MalformedAttributeException e) {
                throw new InvalidRecordException("malformed NewImage: " + e.getMessage());
            }
            newTenant = tenant(ddb.getNewImage(), record);
        }
        String oldTenant = null;
        if (tenants.enabled() && !isEmpty(ddb.getOldImage())) {
            oldTenant = tenant(ddb.getOldImage(), record);
        }
        if (eventName == ChangeRecord.EventName.REMOVE && tenants.enabled() && oldTenant == null) {
            throw new InvalidRecordException("REMOVE without OldImage under multi-tenancy: the item's tenant is unknown"
                    + " (stream view type " + ddb.getStreamViewType() + ")");
        }
        if (delivered.table() == null) {
            throw new InvalidRecordException("eventSourceARN is missing or not a DynamoDB stream ARN: "
                    + record.getEventSourceARN());
        }
        return new ChangeRecord(record.getEventID(), eventName, sequence,
                ddb.getApproximateCreationDateTime().toInstant(), delivered.table(), key, newImage, newTenant, oldTenant,
                isTtlDelete(record, eventName));
    }

    private String tenant(Map<String, AttributeValue> image, DynamodbStreamRecord record) {
        if (!tenants.enabled()) {
            return null;
        }
        TenantNames.Tenant tenant = tenants.tenantOf(image);
        if (tenant.problem != null) {
            log.warn("Tenant unknown, item backed up under the fallback tenant",
                    "eventID", record.getEventID(), "reason", tenant.problem, "tenant", tenant.segment);
        }
        return tenant.segment;
    }

    private static ChangeRecord.EventName eventName(String name) throws InvalidRecordException {
        if (name == null) {
            throw new InvalidRecordException("the record has no eventName");
        }
        try {
            return ChangeRecord.EventName.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("unknown eventName '" + name + "'");
        }
    }

    /** A TTL expiry is a REMOVE made by the DynamoDB service itself. */
    private static boolean isTtlDelete(DynamodbStreamRecord record, ChangeRecord.EventName eventName) {
        Identity identity = record.getUserIdentity();
        return eventName == ChangeRecord.EventName.REMOVE && identity != null
                && "Service".equals(identity.getType()) && "dynamodb.amazonaws.com".equals(identity.getPrincipalId());
    }

    /** Lambda leaves a missing image out; other sources (DynamoDB Local) send an empty map. */
    static boolean isEmpty(Map<String, AttributeValue> image) {
        return image == null || image.isEmpty();
    }
}
