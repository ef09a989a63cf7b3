package dev.ddbbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** Prints a command's report: the human summary, or the JSON report with {@code --json}. */
final class Reports {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Reports() {
    }

    static void print(PrintWriter out, boolean json, Function<ObjectMapper, ObjectNode> toJson, String summary) {
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
