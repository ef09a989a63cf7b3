package dev.ddbbackup.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The function's JSON log and metric lines, kept in memory and parsed for assertions. */
public final class CapturedLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    public JsonLog log() {
        return new JsonLog(out, JsonLog.Level.DEBUG);
    }

    public EmfMetrics metrics() {
        return new EmfMetrics(out);
    }

    /** Every line, parsed (each must be one JSON object). */
    public List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                try {
                    lines.add(MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("Not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    /** The log lines of one level (WARN, ERROR ...). */
    public List<JsonNode> at(String level) {
        return lines().stream().filter(l -> level.equals(l.path("level").asText())).toList();
    }
}
