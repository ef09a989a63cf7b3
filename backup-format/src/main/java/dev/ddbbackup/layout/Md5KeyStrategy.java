package dev.ddbbackup.layout;

import java.util.List;

/** Object names that are the MD5 of the canonical key JSON. */
final class Md5KeyStrategy implements KeyStrategy {

    static final Md5KeyStrategy INSTANCE = new Md5KeyStrategy();

    @Override
    public String itemId(ItemKey key, List<String> keySchema) {
        return key.md5Hex();
    }

    @Override
    public boolean needsKeySchema() {
        return false;
    }
}
