package dev.ddbbackup.cli;

import picocli.CommandLine.Option;

/** How a command scans a live table: the options shared by backfill and verify. */
public final class ScanOptions {

    @Option(names = "--segments", defaultValue = "8", description = "Parallel Scan segments. Default: ${DEFAULT-VALUE}.")
    int segments;

    @Option(names = "--max-rcu", paramLabel = "N",
            description = "Cap on read capacity units per second consumed by the (strongly consistent) Scan. Default: no cap.")
    Double maxRcu;
}
