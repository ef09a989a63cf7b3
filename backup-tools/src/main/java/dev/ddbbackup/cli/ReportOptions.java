package dev.ddbbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}, and printing a command's report: the human summary, or the JSON report. */
public final class ReportOptions {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of the summary.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Prints the report and returns the exit code of a command whose report is {@code ok} or not. */
    int print(Function<ObjectMapper, ObjectNode> toJson, String summary, boolean ok) {
        print(toJson, summary);
        return ExitCodes.of(ok);
    }

    void print(Function<ObjectMapper, ObjectNode> toJson, String summary) {
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
