package dev.ddbbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that reads or writes a backup shares: the AWS account and endpoints it runs
 * against, its report on stdout (the human summary, or with {@code --json} the JSON report) and its
 * progress on stderr (none with {@code --no-progress}).
 */
public final class RunOptions {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of the summary.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress on stderr (a bar on a terminal, plain lines otherwise).")
    boolean noProgress;

    @Mixin
    AwsOptions aws;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The progress to report to; off with {@code --no-progress} or when {@code quiet} (e.g. {@code --json}). */
    ProgressBars progress(boolean quiet) {
        return shown(quiet) ? ProgressBars.stderr() : ProgressBars.off();
    }

    /** Whether progress is shown, for engines that take a flag. */
    boolean shown(boolean quiet) {
        return !noProgress && !quiet;
    }

    /** Says on stderr, as the command line's errors are said, why the command did not do its work. */
    void error(String message) {
        command.commandLine().getErr().println(command.commandLine().getColorScheme().errorText("Error: " + message));
    }

    /** Prints the report and returns the exit code of a command whose report is {@code ok} or not. */
    int print(Function<ObjectMapper, ObjectNode> toJson, String summary, boolean ok) {
        print(toJson, summary);
        return ExitCodes.of(ok);
    }

    void print(Function<ObjectMapper, ObjectNode> toJson, String summary) {
        // The report goes to the command line's stdout.
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            try {
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson.apply(MAPPER)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.print(summary);
        }
        out.flush();
    }
}
