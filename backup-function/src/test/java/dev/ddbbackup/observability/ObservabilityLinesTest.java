package dev.ddbbackup.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityLinesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        String text = buffer.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void emfLineDeclaresNamespaceDimensionAndUnitsAndWritesWholeNumbers() throws Exception {
        new EmfMetrics(out).line("Orders")
                .put("Records", EmfMetrics.Metric.count(3))
                .put("LagMillis", EmfMetrics.Metric.millis(1500))
                .emit();
        assertThat(lines()).hasSize(1);
        String line = lines().get(0);
        JsonNode json = MAPPER.readTree(line);
        JsonNode directive = json.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("DynamoDBBackup");
        assertThat(directive.path("Dimensions").path(0).path(0).asText()).isEqualTo("TableName");
        assertThat(directive.path("Metrics").path(0).path("Name").asText()).isEqualTo("Records");
        assertThat(directive.path("Metrics").path(0).path("Unit").asText()).isEqualTo("Count");
        assertThat(directive.path("Metrics").path(1).path("Unit").asText()).isEqualTo("Milliseconds");
        assertThat(json.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(json.path("TableName").asText()).isEqualTo("Orders");
        assertThat(json.path("Records").isIntegralNumber()).isTrue();
        assertThat(line).contains("\"Records\":3,").contains("\"LagMillis\":1500}");
    }

    @Test
    void nothingIsWrittenWithoutMetricsOrWithoutAStream() {
        new EmfMetrics(out).line("Orders").emit();
        EmfMetrics.discard().line("Orders").put("Records", EmfMetrics.Metric.count(1)).emit();
        assertThat(lines()).isEmpty();
    }

    @Test
    void logLineIsOneJsonObjectWithTypedFields() throws Exception {
        JsonLog log = new JsonLog(out, JsonLog.Level.INFO);
        log.warn("Something \"odd\"\nhappened", "eventID", "e-1", "count", 3, "ok", true, "ratio", 0.5,
                "nested", Map.of("k", List.of(1, "two")), "error", new IllegalStateException("boom"), "none", null);
        assertThat(lines()).hasSize(1);
        JsonNode json = MAPPER.readTree(lines().get(0));
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("message").asText()).isEqualTo("Something \"odd\"\nhappened");
        assertThat(json.path("timestamp").asText()).endsWith("Z");
        assertThat(json.path("eventID").asText()).isEqualTo("e-1");
        assertThat(json.path("count").isIntegralNumber()).isTrue();
        assertThat(json.path("ok").isBoolean()).isTrue();
        assertThat(json.path("ratio").asDouble()).isEqualTo(0.5);
        assertThat(json.path("nested").path("k").path(1).asText()).isEqualTo("two");
        assertThat(json.path("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(json.path("none").isNull()).isTrue();
    }

    @Test
    void linesWrittenDuringAnInvocationCarryItsRequestIdAndOthersDoNot() throws Exception {
        JsonLog log = new JsonLog(out, JsonLog.Level.INFO);
        EmfMetrics metrics = new EmfMetrics(out);
        try (CurrentRequest.Scope scope = CurrentRequest.begin("req-1")) {
            log.info("inside");
            Thread writer = new Thread(() -> log.info("inside, another thread"));
            writer.start();
            writer.join();
            metrics.line("Orders").put("Records", EmfMetrics.Metric.count(1)).emit();
        }
        log.info("outside");
        List<JsonNode> json = new java.util.ArrayList<>();
        for (String line : lines()) {
            json.add(MAPPER.readTree(line));
        }
        assertThat(json).hasSize(4);
        assertThat(json.subList(0, 3)).allSatisfy(l -> assertThat(l.path("requestId").asText()).isEqualTo("req-1"));
        assertThat(json.get(2).path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").toString())
                .as("a property, not a metric").doesNotContain("requestId");
        assertThat(json.get(3).has("requestId")).isFalse();
        assertThat(CurrentRequest.id()).isNull();
    }

    @Test
    void aLaterInvocationStaysCurrentWhenAnEarlierOneEnds() {
        CurrentRequest.Scope first = CurrentRequest.begin("a");
        try (CurrentRequest.Scope second = CurrentRequest.begin("b")) {
            first.close();
            assertThat(CurrentRequest.id()).isEqualTo("b");
        }
        assertThat(CurrentRequest.id()).isNull();
    }

    @Test
    void levelsBelowTheThresholdAreDropped() {
        JsonLog log = new JsonLog(out, JsonLog.Level.WARN);
        log.info("dropped");
        log.error("kept");
        assertThat(lines()).hasSize(1).allMatch(l -> l.contains("\"kept\""));
        assertThat(JsonLog.stdout(Map.of("AWS_LAMBDA_LOG_LEVEL", "error")).enabled(JsonLog.Level.WARN)).isFalse();
        assertThat(JsonLog.stdout(Map.of("LOG_LEVEL", "nonsense")).enabled(JsonLog.Level.INFO)).isTrue();
    }

    @Test
    void theLevelFollowsLambdasApplicationLogLevel() {
        // Lambda sets AWS_LAMBDA_LOG_LEVEL from LoggingConfig.ApplicationLogLevel (the template's LogLevel),
        // with its six level names; it wins over LOG_LEVEL.
        Map<String, JsonLog.Level> lowestWritten = Map.of("TRACE", JsonLog.Level.DEBUG, "DEBUG", JsonLog.Level.DEBUG,
                "INFO", JsonLog.Level.INFO, "WARN", JsonLog.Level.WARN, "ERROR", JsonLog.Level.ERROR,
                "FATAL", JsonLog.Level.ERROR);
        lowestWritten.forEach((name, lowest) -> {
            JsonLog log = JsonLog.stdout(Map.of("AWS_LAMBDA_LOG_LEVEL", name, "LOG_LEVEL", "DEBUG"));
            for (JsonLog.Level level : JsonLog.Level.values()) {
                assertThat(log.enabled(level)).as("%s lines at %s", level, name).isEqualTo(level.compareTo(lowest) >= 0);
            }
        });
        assertThat(JsonLog.stdout(Map.of("LOG_LEVEL", "debug")).enabled(JsonLog.Level.DEBUG)).isTrue();
        assertThat(JsonLog.stdout(Map.of()).enabled(JsonLog.Level.DEBUG)).isFalse();
        assertThat(JsonLog.stdout(Map.of()).enabled(JsonLog.Level.INFO)).isTrue();
    }
}
