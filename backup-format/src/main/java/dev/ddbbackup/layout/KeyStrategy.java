package dev.ddbbackup.layout;

import java.util.List;

/**
 * Turns an item key into the last part of its object key (the "ItemId").
 *
 * <p>The two strategies are part of the backup contract: restore tools compute the same names.
 */
public enum KeyStrategy {

    /** Object names that are the MD5 of the canonical key JSON. */
    MD5 {
        @Override
        public String itemId(ItemKey key, List<String> keySchema) {
            return key.md5Hex();
        }
    },

    /**
     * Readable object names: {@code HASH|RANGE} (just {@code HASH} without a sort key), in the
     * table's key-schema order. Readable names concentrate writes on similar S3 prefixes, which is
     * why MD5 is the default.
     */
    PLAIN_TEXT {
        @Override
        public String itemId(ItemKey key, List<String> keySchema) {
            if (keySchema == null || keySchema.isEmpty()) {
                throw new IllegalArgumentException("Plain-text names need the table's key schema");
            }
            StringBuilder name = new StringBuilder();
            for (String attribute : keySchema) {
                KeyValue value = key.get(attribute);
                if (value == null) {
                    throw new IllegalArgumentException("Key " + key + " has no value for key attribute '" + attribute + "'");
                }
                if (name.length() > 0) {
                    name.append('|');
                }
                name.append(NameEncoding.encode(value.plainText()));
            }
            if (key.attributes().size() != keySchema.size()) {
                throw new IllegalArgumentException("Key " + key + " does not match the key schema " + keySchema);
            }
            return name.toString();
        }
    };

    /**
     * The item's file name.
     *
     * @param key the item key
     * @param keySchema attribute names in the table's key-schema order (hash first, then range);
     *     only the plain-text strategy reads it
     */
    public abstract String itemId(ItemKey key, List<String> keySchema);

    /** Whether {@link #itemId} needs the table's key schema (and so a DescribeTable). */
    public boolean needsKeySchema() {
        return this == PLAIN_TEXT;
    }

    /** The default: lowercase hex MD5 of the canonical key JSON, spread evenly over S3's key space. */
    public static KeyStrategy md5() {
        return MD5;
    }

    /** {@code HASH|RANGE} in key-schema order, each value percent-encoded by {@link NameEncoding}. */
    public static KeyStrategy plainText() {
        return PLAIN_TEXT;
    }
}
