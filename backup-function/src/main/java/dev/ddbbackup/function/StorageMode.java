package dev.ddbbackup.function;

import java.util.Locale;

/**
 * How the function stores a table's changes, chosen per deployment.
 *
 * <ul>
 *   <li>{@link #OBJECTS} (the default): one object per item, one version per change, and a change log
 *       per batch; the bucket's version history is the item's history (needs a versioned bucket).
 *   <li>{@link #LOG}: one gzip segment of the batch's changes per table and batch, images included,
 *       under {@code _log/}: one PUT per batch instead of one per change; the bucket need not keep
 *       versions.
 * </ul>
 */
public enum StorageMode {
    OBJECTS, LOG;

    /** The name used in the environment and the template: {@code objects} or {@code log}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code name} (case-insensitive), or null when it names none. */
    static StorageMode byName(String name) {
        for (StorageMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        return null;
    }
}
