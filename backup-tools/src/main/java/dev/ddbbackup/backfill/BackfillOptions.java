package dev.ddbbackup.backfill;

import java.util.Objects;

/** What to backfill and how hard to push. */
public final class BackfillOptions {

    final String table;
    final String bucket;
    final String prefix;
    final int segments;
    final Double maxReadCapacity;
    final boolean plainTextKeys;
    final String tenantColumn;
    final int writeConcurrency;

    /**
     * @param maxReadCapacity RCU per second for the Scan, or null for no cap
     * @param tenantColumn the function's MultiTenancyColumn, or null
     */
    public BackfillOptions(String table, String bucket, String prefix, int segments, Double maxReadCapacity,
            boolean plainTextKeys, String tenantColumn, int writeConcurrency) {
        this.table = Objects.requireNonNull(table, "table");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = prefix;
        this.segments = segments;
        this.maxReadCapacity = maxReadCapacity;
        this.plainTextKeys = plainTextKeys;
        this.tenantColumn = tenantColumn == null || tenantColumn.isBlank() ? null : tenantColumn.strip();
        if (writeConcurrency < 1) {
            throw new IllegalArgumentException("--write-concurrency must be at least 1");
        }
        this.writeConcurrency = writeConcurrency;
    }
}
