package dev.ddbbackup.restore;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** One write a restore's check phase planned, after every check passed: an item to put, or a key to delete. */
sealed interface PlannedWrite {

    /** The write as a BatchWriteItem request, with the write units it consumes. */
    BatchWriter.Write toWrite();

    /** The item to put, as restored (without replication bookkeeping). */
    record Put(Map<String, AttributeValue> item) implements PlannedWrite {
        @Override
        public BatchWriter.Write toWrite() {
            return new BatchWriter.Write(WriteRequest.builder().putRequest(p -> p.item(item)).build(),
                    ItemSize.writeUnits(item));
        }
    }

    /** The key of an item to delete. */
    record Delete(Map<String, AttributeValue> key) implements PlannedWrite {
        @Override
        public BatchWriter.Write toWrite() {
            return new BatchWriter.Write(WriteRequest.builder().deleteRequest(d -> d.key(key)).build(), 1);
        }
    }
}
