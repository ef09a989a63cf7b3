package dev.ddbbackup.layout;

import java.util.List;

/**
 * Turns an item key into the last part of its object key (the "ItemId").
 *
 * <p>The two strategies are part of the backup contract: restore tools compute the same names.
 */
public interface KeyStrategy {

    /**
     * The item's file name.
     *
     * @param key the item key
     * @param keySchema attribute names in the table's key-schema order (hash first, then range);
     *     only the plain-text strategy reads it
     */
    String itemId(ItemKey key, List<String> keySchema);

    /** Whether {@link #itemId} needs the table's key schema (and so a DescribeTable). */
    boolean needsKeySchema();

    /** The default: lowercase hex MD5 of the canonical key JSON, spread evenly over S3's key space. */
    static KeyStrategy md5() {
        return Md5KeyStrategy.INSTANCE;
    }

    /** {@code HASH|RANGE} in key-schema order, each value percent-encoded by {@link NameEncoding}. */
    static KeyStrategy plainText() {
        return PlainTextKeyStrategy.INSTANCE;
    }
}
