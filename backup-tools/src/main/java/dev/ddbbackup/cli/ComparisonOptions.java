package dev.ddbbackup.cli;

import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.layout.PartitionWidth;
import picocli.CommandLine.Mixin;

/**
 * The comparison of a live table with its backup's latest state, as verify makes it and resync
 * repairs what it finds: which backup, which tenant, how the table is scanned and the backup read.
 */
public final class ComparisonOptions {

    @Mixin
    BackupOptions backup;

    @Mixin
    TenantOptions tenancy;

    @Mixin
    ScanOptions scan;

    @Mixin
    ReadOptions read;

    /** The comparison, with {@code width} partitions and --segments Scan segments. */
    VerifyJobSpec job(PartitionWidth width) {
        return new VerifyJobSpec(backup.read(width, read.concurrency), null, tenancy.tenant, tenancy.column(),
                scan.segments, scan.maxRcu == null ? 0 : scan.maxRcu);
    }
}
