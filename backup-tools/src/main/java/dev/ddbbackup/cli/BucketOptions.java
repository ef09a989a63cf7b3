package dev.ddbbackup.cli;

import picocli.CommandLine.Option;

/** Where the backups are: the function's BackupBucket and BackupPrefix, for the commands that read or write them. */
public final class BucketOptions {

    @Option(names = "--bucket", required = true, description = "The versioned backup bucket (BackupBucket).")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "The backup prefix (BackupPrefix). Default: none.")
    String prefix;
}
