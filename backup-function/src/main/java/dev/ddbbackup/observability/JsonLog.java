package dev.ddbbackup.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Structured logging: one JSON object per line on a stream (stdout in Lambda, where CloudWatch
 * Logs picks it up and Logs Insights can query the fields). Lines written during an invocation
 * carry its {@code requestId} ({@link CurrentRequest}). Deliberately tiny: the function logs one
 * summary per batch and one line per problem, so a logging framework would cost more cold start
 * than it saves.
 */
public record JsonLog(PrintStream out, Level threshold) {

    /** Severity, in increasing order. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Logs to stdout at the level of {@code AWS_LAMBDA_LOG_LEVEL} or else {@code LOG_LEVEL} (default
     * INFO). Lambda sets {@code AWS_LAMBDA_LOG_LEVEL} from the function's {@code ApplicationLogLevel}
     * (the template's LogLevel) and drops JSON lines below it anyway; writing none of them saves
     * the work.
     */
    public static JsonLog stdout(Map<String, String> env) {
        String level = env.getOrDefault("AWS_LAMBDA_LOG_LEVEL", env.getOrDefault("LOG_LEVEL", "INFO"));
        return new JsonLog(System.out, threshold(level));
    }

    /**
     * The threshold for a level name, as Lambda names them (TRACE, DEBUG, INFO, WARN, ERROR, FATAL;
     * any case). TRACE keeps everything this log writes, as DEBUG does; FATAL keeps its most severe
     * lines, as ERROR does. Anything else is INFO, Lambda's default.
     */
    static Level threshold(String name) {
        String level = name.strip().toUpperCase(Locale.ROOT);
        return switch (level) {
            case "TRACE" -> Level.DEBUG;
            case "FATAL" -> Level.ERROR;
            case "DEBUG", "INFO", "WARN", "ERROR" -> Level.valueOf(level);
            default -> Level.INFO;
        };
    }

    /** A log that writes nothing (benchmarks). */
    public static JsonLog discard() {
        return new JsonLog(null, Level.ERROR);
    }

    public boolean enabled(Level level) {
        return out != null && level.compareTo(threshold) >= 0;
    }

    public void info(String message, Object... fields) {
        log(Level.INFO, message, fields);
    }

    public void warn(String message, Object... fields) {
        log(Level.WARN, message, fields);
    }

    public void error(String message, Object... fields) {
        log(Level.ERROR, message, fields);
    }

    /** Writes one line; {@code fields} alternate names and values. */
    public void log(Level level, String message, Object... fields) {
        if (!enabled(level)) {
            return;
        }
        String line = render(level, message, fields);
        synchronized (out) {
            out.println(line);
        }
    }

    static String render(Level level, String message, Object... fields) {
        StringWriter buffer = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("level", level.name());
            String requestId = CurrentRequest.id();
            if (requestId != null) {
                g.writeStringField("requestId", requestId);
            }
            g.writeStringField("message", message);
            for (int i = 0; i + 1 < fields.length; i += 2) {
                g.writeFieldName(String.valueOf(fields[i]));
                writeValue(g, fields[i + 1]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection) {
            g.writeStartArray();
            for (Object element : (Collection<?>) value) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Throwable) {
            Throwable t = (Throwable) value;
            g.writeString(t.getClass().getName() + ": " + t.getMessage());
        } else {
            g.writeString(value.toString());
        }
    }
}
