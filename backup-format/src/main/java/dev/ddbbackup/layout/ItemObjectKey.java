package dev.ddbbackup.layout;

import java.util.List;

/**
 * The object key of an item: the layout's path, the strategy's name, and the fallback to the MD5
 * name when a plain-text name would pass S3's 1,024-byte limit. The function and the backfill
 * tool both name objects through here, so an item always lands under the same key.
 *
 * @param md5Fallback whether the plain-text name was too long and the MD5 name was used instead
 */
public record ItemObjectKey(String key, boolean md5Fallback) {

    /**
     * @param tenant the tenant segment, or null without multi-tenancy
     * @param keySchema key attribute names in key-schema order; only read when the strategy needs it
     */
    public static ItemObjectKey of(BackupLayout layout, KeyStrategy strategy, String table, String tenant, ItemKey key,
            List<String> keySchema) {
        String objectKey = layout.objectKey(table, tenant, strategy.itemId(key, keySchema));
        if (BackupLayout.exceedsS3Limit(objectKey)) {
            // Never fail and never truncate: a truncated name could collide with another item's.
            return new ItemObjectKey(layout.objectKey(table, tenant, KeyStrategy.md5().itemId(key, null)), true);
        }
        return new ItemObjectKey(objectKey, false);
    }
}
