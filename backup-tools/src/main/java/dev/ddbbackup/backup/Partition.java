package dev.ddbbackup.backup;

import java.util.List;

/**
 * A slice of a table's key space that is listed and processed as a unit, so memory holds one
 * partition's versions at a time. With MD5 item names a partition is one hex prefix of the item
 * name (1 or 2 hex digits) in every tenant folder read; with plain-text names it is the whole
 * table ({@link #ALL}).
 */
public final class Partition {

    /** Id of the single partition used when item names are not MD5 hex. */
    public static final String ALL = "*";

    private final String id;
    private final List<String> listingPrefixes;

    Partition(String id, List<String> listingPrefixes) {
        this.id = id;
        this.listingPrefixes = List.copyOf(listingPrefixes);
    }

    /** The hex prefix of the item names in it, or {@link #ALL}. */
    public String id() {
        return id;
    }

    /** The S3 prefixes whose ListObjectVersions make up the partition (one per tenant folder). */
    public List<String> listingPrefixes() {
        return listingPrefixes;
    }

    @Override
    public String toString() {
        return "partition " + id;
    }
}
