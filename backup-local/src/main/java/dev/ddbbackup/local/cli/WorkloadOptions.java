package dev.ddbbackup.local.cli;

import dev.ddbbackup.local.LocalPipeline;
import dev.ddbbackup.stream.PollerOptions;
import picocli.CommandLine.Option;

/** What {@code local} creates and changes: the table, the bucket, and the workload's changes, keys and tenants. */
final class WorkloadOptions {

    @Option(names = "--table", defaultValue = "Orders", description = "Table to create and back up (default ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--bucket", defaultValue = "ddb-backup-local",
            description = "Backup bucket (default ${DEFAULT-VALUE}): created with versioning if missing; an existing one"
                    + " must already keep versions, otherwise the pipeline does not start (exit code 2).")
    String bucket;

    @Option(names = "--operations", defaultValue = "1000", description = "Item changes to make (default ${DEFAULT-VALUE}).")
    int operations;

    @Option(names = "--keys", defaultValue = "200", description = "Distinct item keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--tenants", defaultValue = "3", description = "Tenants (default ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--multi-tenancy", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Use MultiTenancyColumn=tenant (default ${DEFAULT-VALUE}; --no-multi-tenancy to turn off).")
    boolean multiTenancy;

    @Option(names = "--plain-text-keys", description = "Use PlainTextKeyAsFilename=true (readable object names).")
    boolean plainTextKeys;

    @Option(names = "--seed", defaultValue = "42", description = "Workload random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** The pipeline's options: this workload, its stream polled with {@code poller}. */
    LocalPipeline.Options options(PollerOptions poller) {
        LocalPipeline.Options options = new LocalPipeline.Options();
        options.table = table;
        options.bucket = bucket;
        options.operations = operations;
        options.keys = keys;
        options.tenants = tenants;
        options.multiTenancy = multiTenancy;
        options.plainTextKeys = plainTextKeys;
        options.seed = seed;
        options.poller = poller;
        return options;
    }
}
