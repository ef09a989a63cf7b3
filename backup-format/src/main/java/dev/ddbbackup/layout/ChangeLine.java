package dev.ddbbackup.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON-lines codec of a change: a change-log line ({@link ChangeLogEntry}) and a checkpoint line
 * (the tools' {@code CheckpointEntry}) are one JSON object each, with the same field names and value
 * forms (a typed DynamoDB JSON key, PUT or DELETE, decimal sequence numbers, ISO-8601 times). Each
 * line type chooses its fields and their order; a {@code ChangeLine} is one line being written
 * ({@link #write}) or read ({@link #read}), and says what is wrong with a line that does not parse.
 */
public final class ChangeLine {

    private static final JsonFactory JSON = new JsonFactory();

    /** Writing. */
    private final JsonGenerator g;
    /** Reading: the parser, on the value of {@link #field}. */
    private final JsonParser p;
    private String field;

    private ChangeLine(JsonGenerator g, JsonParser p) {
        this.g = g;
        this.p = p;
    }

    /** The fields of one line, written in the line type's order. */
    @FunctionalInterface
    public interface Fields {
        void writeTo(ChangeLine line) throws IOException;
    }

    /** One JSON object on one line (no newline). */
    public static String write(int sizeHint, Fields fields) {
        StringWriter out = new StringWriter(sizeHint);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.writeTo(new ChangeLine(g, null));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads the fields of {@code line}, each in the form its name has in every line type: a typed key,
     * PUT or DELETE, decimal digits, an ISO-8601 time, a flag, a list of texts, a raw image object, or
     * text; a field no line type has is skipped. Each line type then picks its own fields.
     *
     * @throws IllegalArgumentException when the line is not one JSON object, or a value is not of its
     *     field's form
     */
    public static Values read(String line) {
        Values values = new Values();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            ChangeLine value = new ChangeLine(null, p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                value.field = p.currentName();
                p.nextToken();
                value.readInto(values.byName);
                // A value read is consumed (the parser is on its last token); one left unread is skipped.
                p.skipChildren();
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** The fields of one line read by {@link #read}. */
    public static final class Values {
        private final Map<String, Object> byName = new HashMap<>();

        private Values() {
        }

        /** The field's value, or null when the line lacks it or it is null. */
        @SuppressWarnings("unchecked")
        public <T> T get(String field) {
            return (T) byName.get(field);
        }

        /** The field's value, or {@code absent} when the line lacks it. */
        public <T> T get(String field, T absent) {
            T value = get(field);
            return value == null ? absent : value;
        }

        /** A field the line type must have ({@link ChangeLine#require}). */
        public <T> T required(String field) {
            return require(get(field), field);
        }

        public boolean flag(String field) {
            return Boolean.TRUE.equals(byName.get(field));
        }
    }

    /** Reads the current field's value in its form (see {@link #read}); a field no line type has is left unread. */
    private void readInto(Map<String, Object> values) throws IOException {
        switch (field) {
            case "keys" -> values.put(field, isNull() ? null : keys());
            case "action" -> values.put(field, action());
            case "sequenceNumber" -> values.put(field, isNull() ? null : requireSequenceNumber(text()));
            case "approximateCreationTime" -> values.put(field, time());
            case "ttlDelete" -> values.put(field, flag());
            case "otherVersionIds" -> values.put(field, texts());
            case "image" -> values.put(field, isNull() ? null : rawJsonObject());
            case "table", "eventID", "eventName", "objectKey", "tenant", "versionId", "origin" ->
                    values.put(field, textOrNull());
            default -> {
            }
        }
    }

    /** Decimal digits: sequence numbers are decimal strings of varying length. */
    public static String requireSequenceNumber(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("sequenceNumber must be decimal digits, was '" + text + "'");
        }
        return text;
    }

    /** A field a line must have: present, and not empty when it is text. */
    public static <T> T require(T value, String field) {
        if (value == null || "".equals(value)) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    // Writing

    /** Writes a string, or null. */
    public ChangeLine text(String name, String value) throws IOException {
        g.writeStringField(name, value);
        return this;
    }

    /** Writes a typed key ({@code {"id":{"S":"a"}}}), or null. */
    public ChangeLine keys(String name, ItemKey keys) throws IOException {
        g.writeFieldName(name);
        if (keys == null) {
            g.writeNull();
        } else {
            // The canonical JSON is the key written by the same rules: copied, not re-encoded.
            g.writeRawValue(keys.canonicalJson());
        }
        return this;
    }

    public ChangeLine flag(String name, boolean value) throws IOException {
        g.writeBooleanField(name, value);
        return this;
    }

    /**
     * Writes {@code json}, one JSON value of one line, as it is (not re-encoded), when it is not null;
     * a null leaves the field out, so lines without it keep their bytes.
     */
    public ChangeLine rawJsonIfPresent(String name, String json) throws IOException {
        if (json != null) {
            g.writeFieldName(name);
            g.writeRawValue(json);
        }
        return this;
    }

    public ChangeLine texts(String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
        return this;
    }

    // Reading: the value of the current field, in the form the field requires

    private boolean isNull() {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    /** A string (null is refused). */
    private String text() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return p.getText();
    }

    /** A string, or null. */
    private String textOrNull() throws IOException {
        return isNull() ? null : text();
    }

    private boolean flag() {
        return p.currentToken() == JsonToken.VALUE_TRUE;
    }

    private Action action() throws IOException {
        String text = text();
        try {
            return Action.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action must be PUT or DELETE, was '" + text + "'");
        }
    }

    /** An ISO-8601 instant. */
    private Instant time() throws IOException {
        String text = text();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: '" + text + "'");
        }
    }

    private List<String> texts() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("'" + field + "' is not an array");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(text());
        }
        return out;
    }

    /** The value (an object) as compact JSON text, to be parsed by its owner when it is needed. */
    private String rawJsonObject() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'" + field + "' is not an object");
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator copy = JSON.createGenerator(out)) {
            copy.copyCurrentStructure(p);
        }
        return out.toString();
    }

    /** A typed DynamoDB JSON key object ({@code {"id":{"S":"a"}}}). */
    private ItemKey keys() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'keys' is not an object");
        }
        Map<String, KeyValue> values = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw new IllegalArgumentException("key attribute '" + name + "' is not typed DynamoDB JSON");
            }
            KeyValue.Type type;
            try {
                type = KeyValue.Type.valueOf(p.currentName());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key attribute '" + name + "' must be S, N or B, was "
                        + p.currentName());
            }
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("key attribute '" + name + "' has no string value");
            }
            values.put(name, KeyValue.of(type, p.getText()));
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("key attribute '" + name + "' has more than one type");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("'keys' is empty");
        }
        return ItemKey.of(values);
    }
}
