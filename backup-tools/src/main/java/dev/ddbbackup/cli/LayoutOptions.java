package dev.ddbbackup.cli;

import dev.ddbbackup.function.BackupConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the function names and files objects, for the commands that write a backup as the function
 * does (backfill, stream): its bucket, prefix and layout settings.
 */
public final class LayoutOptions {

    @Mixin
    BucketOptions where;

    @Option(names = "--plain-text-keys", description = "Plain-text object names (PlainTextKeyAsFilename=true).")
    boolean plainTextKeys;

    @Option(names = "--tenant-column", paramLabel = "ATTRIBUTE", description = "The tenancy attribute (MultiTenancyColumn).")
    String tenantColumn;

    /** The function's configuration these options give (the rest from its defaults). */
    public BackupConfig config() {
        return BackupConfig.builder().bucket(where.bucket).prefix(where.prefix).plainTextKeys(plainTextKeys)
                .multiTenancyColumn(tenantColumn).build();
    }
}
