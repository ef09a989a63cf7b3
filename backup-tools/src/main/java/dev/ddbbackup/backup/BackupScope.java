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
 */
public final class BackupScope {

    private final String tenant;
    private final ItemKey key;
    private final int segment;
    private final int segments;
    /** Ids of the partitions to read (MD5 hex prefixes); null for all of the segment's. */
    private final Set<String> partitionIds;

    private BackupScope(String tenant, ItemKey key, int segment, int segments) {
        this(tenant, key, segment, segments, null);
    }

    private BackupScope(String tenant, ItemKey key, int segment, int segments, Set<String> partitionIds) {
        if (segments < 1 || segment < 0 || segment >= segments) {
            throw new IllegalArgumentException("Segment must be in 0.." + (segments - 1) + " of " + segments + " segments, was " + segment);
        }
        this.tenant = tenant;
        this.key = key;
        this.segment = segment;
        this.segments = segments;
        this.partitionIds = partitionIds;
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
        return new BackupScope(tenant, key, segment, segments, partitionIds);
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
        return new BackupScope(tenant, key, segment, segments, ids == null ? null : Set.copyOf(new TreeSet<>(ids)));
    }

    /** The partitions to read, or null for every partition of the segment. */
    public Set<String> partitionIds() {
        return partitionIds;
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
                + (segments > 1 ? " (segment " + segment + " of " + segments + ")" : "")
                + (partitionIds != null ? " (" + partitionIds.size() + " partitions)" : "");
    }
}
