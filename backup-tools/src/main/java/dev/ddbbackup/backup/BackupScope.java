package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ItemKey;
import java.util.Objects;

/**
 * Which part of a table's backup to read: everything, one tenant folder, or one item (optionally
 * within one tenant folder), and for splitting big jobs over machines, segment {@code i} of
 * {@code n} of the key space.
 */
public final class BackupScope {

    private final String tenant;
    private final ItemKey key;
    private final int segment;
    private final int segments;

    private BackupScope(String tenant, ItemKey key, int segment, int segments) {
        if (segments < 1 || segment < 0 || segment >= segments) {
            throw new IllegalArgumentException("Segment must be in 0.." + (segments - 1) + " of " + segments + " segments, was " + segment);
        }
        this.tenant = tenant;
        this.key = key;
        this.segment = segment;
        this.segments = segments;
    }

    public static BackupScope all() {
        return new BackupScope(null, null, 0, 1);
    }

    /** One tenant, given as the tenancy attribute's value (not encoded). */
    public static BackupScope tenant(String tenant) {
        return new BackupScope(Objects.requireNonNull(tenant, "tenant"), null, 0, 1);
    }

    /** One item, in whichever tenant folders hold it. */
    public static BackupScope key(ItemKey key) {
        return new BackupScope(null, Objects.requireNonNull(key, "key"), 0, 1);
    }

    /** The same scope restricted to one tenant (value, not encoded); null keeps all tenants. */
    public BackupScope withTenant(String tenant) {
        return new BackupScope(tenant, key, segment, segments);
    }

    /** Segment {@code i} (0-based) of {@code n}: a deterministic share of the partitions. */
    public BackupScope segment(int i, int n) {
        return new BackupScope(tenant, key, i, n);
    }

    /** The tenancy attribute's value, or null for every tenant. */
    public String tenant() {
        return tenant;
    }

    /** The single item, or null. */
    public ItemKey key() {
        return key;
    }

    public int segmentIndex() {
        return segment;
    }

    public int segmentCount() {
        return segments;
    }

    @Override
    public String toString() {
        return (key != null ? "key " + key : "all items") + (tenant != null ? " of tenant " + tenant : "")
                + (segments > 1 ? " (segment " + segment + " of " + segments + ")" : "");
    }
}
