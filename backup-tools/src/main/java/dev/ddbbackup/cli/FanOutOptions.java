package dev.ddbbackup.cli;

import dev.ddbbackup.layout.PartitionWidth;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --on-step-functions} with the number of workers and partitions, for the commands whose
 * other options have no {@code --segments} of their own ({@code revert}, {@code changes}).
 */
public final class FanOutOptions {

    @Mixin
    StepFunctionsOptions stepFunctions;

    @Option(names = "--segments", defaultValue = "1",
            description = "With --on-step-functions: Lambda workers at once, each on its share of the partitions."
                    + " Default: ${DEFAULT-VALUE}.")
    int segments;

    @Option(names = "--partitions", description = "16, 256 or 4096 partitions of MD5 item names (a worker's unit of"
            + " work). Default: 16, or 256 with --on-step-functions.")
    Integer partitions;

    boolean enabled() {
        return stepFunctions.enabled();
    }

    PartitionWidth width() {
        return BackupOptions.partitions(partitions != null ? partitions : enabled() ? 256 : 16);
    }
}
