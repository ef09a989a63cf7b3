package dev.ddbbackup.cli;

import picocli.CommandLine.Option;

/** {@code --no-progress}, shared by every long command. */
public final class ProgressOptions {

    @Option(names = "--no-progress", description = "No progress on stderr (a bar on a terminal, plain lines otherwise).")
    boolean noProgress;

    /** The progress to report to; off with {@code --no-progress} or when {@code quiet} (e.g. {@code --json}). */
    ProgressBars open(boolean quiet) {
        return noProgress || quiet ? ProgressBars.off() : ProgressBars.stderr();
    }

    /** Whether progress is shown, for engines that take a flag. */
    boolean shown(boolean quiet) {
        return !noProgress && !quiet;
    }
}
