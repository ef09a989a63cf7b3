package dev.ddbbackup.layout;

import java.util.List;

/**
 * Readable object names: {@code HASH|RANGE} (just {@code HASH} without a sort key), in the
 * table's key-schema order. Readable names concentrate writes on similar S3 prefixes, which is
 * why MD5 is the default.
 */
final class PlainTextKeyStrategy implements KeyStrategy {

    static final PlainTextKeyStrategy INSTANCE = new PlainTextKeyStrategy();

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

    @Override
    public boolean needsKeySchema() {
        return true;
    }
}
