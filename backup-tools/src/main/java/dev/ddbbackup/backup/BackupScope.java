package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ItemKey;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which part of a table's backup to read: everything, one tenant folder, or one item (optionally
 * within one tenant folder), and for splitting big jobs over machines, segment {@code i} of
 * {@code n} of the key space.
 *
 * @param tenant the tenancy attribute's value, or null for every tenant
 * @param key the single item, or null
 * @param partitionIds ids of the partitions to read (MD5 hex prefixes), or null for every
 *     partition of the segment
 */
public record BackupScope(String tenant, ItemKey key, int segmentIndex, int segmentCount, Set<String> partitionIds) {

    public BackupScope {
        if (segmentCount < 1 || segmentIndex < 0 || segmentIndex >= segmentCount) {
            throw new IllegalArgumentException("Segment must be in 0.." + (segmentCount - 1) + " of " + segmentCount
                    + " segments, was " + segmentIndex);
        }
    }

    public static BackupScope all() {
        return new BackupScope(null, null, 0, 1, null);
    }

    /** One tenant, given as the tenancy attribute's value (not encoded). */
    public static BackupScope tenant(String tenant) {
        return new BackupScope(Objects.requireNonNull(tenant, "tenant"), null, 0, 1, null);
    }

    /** One item, in whichever tenant folders hold it. */
    public static BackupScope key(ItemKey key) {
        return new BackupScope(null, Objects.requireNonNull(key, "key"), 0, 1, null);
    }

    /** The same scope restricted to one tenant (value, not encoded); null keeps all tenants. */
    public BackupScope withTenant(String tenant) {
        return new BackupScope(tenant, key, segmentIndex, segmentCount, partitionIds);
    }

    /** Segment {@code i} (0-based) of {@code n}: a deterministic share of the partitions. */
    public BackupScope segment(int i, int n) {
        return new BackupScope(tenant, key, i, n, partitionIds);
    }

    /**
     * The same scope restricted to these partitions (MD5 hex prefixes of the reader's partition
     * width) of its segment: what is left of a segment whose work spans several runs, e.g. several
     * Lambda invocations. Null reads all of them. Ignored for plain-text item names and single
     * items (one partition, {@link Partition#ALL}).
     */
    public BackupScope partitions(Collection<String> ids) {
        return new BackupScope(tenant, key, segmentIndex, segmentCount, ids == null ? null : Set.copyOf(new TreeSet<>(ids)));
    }

    @Override
    public String toString() {
        return (key != null ? "key " + key : "all items") + (tenant != null ? " of tenant " + tenant : "")
                + (segmentCount > 1 ? " (segment " + segmentIndex + " of " + segmentCount + ")" : "")
                + (partitionIds != null ? " (" + partitionIds.size() + " partitions)" : "");
    }
}
