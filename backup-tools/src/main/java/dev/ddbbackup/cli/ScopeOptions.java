package dev.ddbbackup.cli;

import dev.ddbbackup.layout.ItemKey;
import picocli.CommandLine.Option;

/** Which items a restore, changes or revert covers: the whole table, one tenant or one item. */
public final class ScopeOptions {

    @Option(names = "--tenant", description = "Only this tenant's items (the tenancy attribute's value).")
    String tenant;

    @Option(names = "--key", paramLabel = "KEYJSON", description = "Only this item, key as DynamoDB JSON.")
    String key;

    /** The item key, or null for every item. */
    ItemKey key() {
        return key == null ? null : BackupOptions.parseKey(key);
    }
}
