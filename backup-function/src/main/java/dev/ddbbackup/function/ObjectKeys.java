package dev.ddbbackup.function;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.ItemObjectKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.observability.JsonLog;
import java.util.List;

/**
 * The object key of an item: the layout, the key strategy, the key schema when the strategy needs
 * it, and the fallback to the MD5 name when a plain-text name would pass S3's 1,024-byte limit.
 */
record ObjectKeys(BackupLayout layout, KeyStrategy strategy, KeySchemaResolver keySchemas, JsonLog log) {

    String objectKey(String table, String tenant, ItemKey key, String eventId) {
        ItemObjectKey objectKey = ItemObjectKey.of(layout, strategy, table, tenant, key, schema(table, key));
        if (objectKey.md5Fallback()) {
            log.warn("Object key over S3's 1,024-byte limit, using the MD5 name for this item",
                    "eventID", eventId, "keys", key.canonicalJson(), "objectKey", objectKey.key());
        }
        return objectKey.key();
    }

    private List<String> schema(String table, ItemKey key) {
        if (!strategy.needsKeySchema()) {
            return null;
        }
        if (key.attributes().size() == 1) {
            // A single key attribute is the hash key: no need to ask DynamoDB.
            return List.copyOf(key.attributes().keySet());
        }
        return keySchemas.keySchema(table);
    }
}
