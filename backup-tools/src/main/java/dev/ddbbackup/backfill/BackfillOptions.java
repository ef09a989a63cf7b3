package dev.ddbbackup.backfill;

import java.util.Objects;

/**
 * What to backfill and how hard to push.
 *
 * @param maxReadCapacity RCU per second for the Scan, or null for no cap
 * @param tenantColumn the function's MultiTenancyColumn, or null
 */
public record BackfillOptions(String table, String bucket, String prefix, int segments, Double maxReadCapacity,
        boolean plainTextKeys, String tenantColumn, int writeConcurrency) {

    public BackfillOptions {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(bucket, "bucket");
        tenantColumn = tenantColumn == null || tenantColumn.isBlank() ? null : tenantColumn.strip();
        if (writeConcurrency < 1) {
            throw new IllegalArgumentException("--write-concurrency must be at least 1");
        }
    }
}
