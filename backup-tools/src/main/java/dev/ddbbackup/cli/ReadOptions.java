package dev.ddbbackup.cli;

import dev.ddbbackup.aws.ClientSettings;
import picocli.CommandLine.Option;

/** How hard a command reads the backup: the options shared by verify and snapshot. */
public final class ReadOptions {

    @Option(names = "--threads", defaultValue = "8",
            description = "Backup partitions processed at once. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--concurrency", defaultValue = "32", description = "S3 requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    /** The S3 client settings for reading with these options: a connection for every request and thread. */
    ClientSettings settings(AwsOptions aws) {
        return aws.settings(concurrency + threads + 8);
    }
}
