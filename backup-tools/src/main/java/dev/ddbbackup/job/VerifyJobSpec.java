package dev.ddbbackup.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A verify: the live table (or one tenant of it) compared item by item with the backup's latest
 * state ({@code time} null) or its state at {@code time} (a restore drill's scratch table).
 *
 * @param tenantColumn the tenancy attribute, to pick the tenant's items from the table; required
 *     with a tenant
 * @param scanSegments parallel Scan segments on one machine (on Step Functions: one per worker)
 * @param maxRcu read capacity units per second of the whole job's Scan; 0 for no cap
 */
public record VerifyJobSpec(BackupRead backup, Instant time, String tenant, String tenantColumn, int scanSegments,
        double maxRcu) implements Job {

    public VerifyJobSpec {
        Objects.requireNonNull(backup, "backup");
        if (tenant != null && (tenantColumn == null || tenantColumn.isBlank())) {
            throw new IllegalArgumentException("--tenant needs --tenant-column (the function's MultiTenancyColumn)"
                    + " to pick the tenant's items from the table");
        }
        if (scanSegments < 1) {
            throw new IllegalArgumentException("--segments must be at least 1");
        }
    }

    /** The whole table against the backup's latest state. */
    public static VerifyJobSpec latest(BackupRead backup, int scanSegments) {
        return new VerifyJobSpec(backup, null, null, null, scanSegments, 0);
    }

    @Override
    public JobKind kind() {
        return JobKind.VERIFY;
    }

    /** The same comparison against the backup's state at {@code time}. */
    public VerifyJobSpec at(Instant time) {
        return new VerifyJobSpec(backup, time, tenant, tenantColumn, scanSegments, maxRcu);
    }
}
