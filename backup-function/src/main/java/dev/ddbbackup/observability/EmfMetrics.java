package dev.ddbbackup.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch metrics in Embedded Metric Format: a JSON log line whose {@code _aws} member tells
 * CloudWatch which fields are metrics. No API call, no extra dependency, nothing at init.
 */
public final class EmfMetrics {

    public static final String NAMESPACE = "DynamoDBBackup";
    public static final String DIMENSION = "TableName";

    private static final JsonFactory JSON = new JsonFactory();

    private final PrintStream out;

    public EmfMetrics(PrintStream out) {
        this.out = out;
    }

    public static EmfMetrics stdout() {
        return new EmfMetrics(System.out);
    }

    public static EmfMetrics discard() {
        return new EmfMetrics(null);
    }

    /** One metric value with its CloudWatch unit. */
    public record Metric(double value, String unit) {

        public static Metric count(long value) {
            return new Metric(value, "Count");
        }

        public static Metric millis(long value) {
            return new Metric(value, "Milliseconds");
        }
    }

    /** A builder for one metric line, dimensioned by table. */
    public Line line(String tableName) {
        return new Line(tableName);
    }

    /** The metrics of one batch. */
    public final class Line {
        private final String tableName;
        private final Map<String, Metric> metrics = new LinkedHashMap<>();

        private Line(String tableName) {
            this.tableName = tableName;
        }

        public Line put(String name, Metric metric) {
            metrics.put(name, metric);
            return this;
        }

        public void emit() {
            if (out == null || metrics.isEmpty()) {
                return;
            }
            String line = render(tableName, metrics, System.currentTimeMillis());
            synchronized (out) {
                out.println(line);
            }
        }
    }

    static String render(String tableName, Map<String, Metric> metrics, long timestampMillis) {
        StringWriter buffer = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestampMillis);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString(DIMENSION);
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Metric> m : metrics.entrySet()) {
                g.writeStartObject();
                g.writeStringField("Name", m.getKey());
                g.writeStringField("Unit", m.getValue().unit);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField(DIMENSION, tableName);
            // A property, not a metric or dimension: ties the line to the invocation's log lines.
            String requestId = CurrentRequest.id();
            if (requestId != null) {
                g.writeStringField("requestId", requestId);
            }
            for (Map.Entry<String, Metric> m : metrics.entrySet()) {
                writeValue(g, m.getKey(), m.getValue().value);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    /** Whole numbers as integers ({@code 3}, not {@code 3.0}): shorter lines, easier to read and query. */
    private static void writeValue(JsonGenerator g, String name, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            g.writeNumberField(name, (long) value);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
