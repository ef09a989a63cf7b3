package dev.ddbbackup.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One line of a change log: one object write (PUT or DELETE) made for one stream record.
 *
 * <p>The change log lets a restore order changes by the stream's own time and sequence number
 * instead of S3's LastModified (which is the time of the write, late when the stream lagged or a
 * batch was retried). A record normally makes one write; a MODIFY that moves an item to another
 * tenant makes two (DELETE under the old tenant, PUT under the new one) and so two lines.
 */
public final class ChangeLogEntry {

    /** The object write. */
    public enum Action { PUT, DELETE }

    private static final JsonFactory JSON = new JsonFactory();

    private final String table;
    private final String eventId;
    private final String eventName;
    private final Action action;
    private final String sequenceNumber;
    private final Instant approximateCreationTime;
    private final ItemKey keys;
    private final String objectKey;
    private final String tenant;
    private final String versionId;
    private final boolean ttlDelete;

    private ChangeLogEntry(Builder b) {
        this.table = Objects.requireNonNull(b.table, "table");
        this.eventId = Objects.requireNonNull(b.eventId, "eventId");
        this.eventName = Objects.requireNonNull(b.eventName, "eventName");
        this.action = Objects.requireNonNull(b.action, "action");
        this.sequenceNumber = Objects.requireNonNull(b.sequenceNumber, "sequenceNumber");
        this.approximateCreationTime = Objects.requireNonNull(b.approximateCreationTime, "approximateCreationTime");
        this.keys = Objects.requireNonNull(b.keys, "keys");
        this.objectKey = Objects.requireNonNull(b.objectKey, "objectKey");
        this.tenant = b.tenant;
        this.versionId = b.versionId;
        this.ttlDelete = b.ttlDelete;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String table() {
        return table;
    }

    public String eventId() {
        return eventId;
    }

    /** INSERT, MODIFY, REMOVE or BACKFILL. */
    public String eventName() {
        return eventName;
    }

    public Action action() {
        return action;
    }

    public String sequenceNumber() {
        return sequenceNumber;
    }

    /** The sequence number as a number: they are decimal strings of varying length. */
    public BigInteger sequence() {
        return new BigInteger(sequenceNumber);
    }

    public Instant approximateCreationTime() {
        return approximateCreationTime;
    }

    public ItemKey keys() {
        return keys;
    }

    public String objectKey() {
        return objectKey;
    }

    /** The tenant path segment (encoded), or null without multi-tenancy. */
    public String tenant() {
        return tenant;
    }

    /** The version id S3 returned for this write (null on an unversioned bucket). */
    public String versionId() {
        return versionId;
    }

    public boolean ttlDelete() {
        return ttlDelete;
    }

    /** The entry as one JSON line (no trailing newline). */
    public String toJsonLine() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("table", table);
            g.writeStringField("eventID", eventId);
            g.writeStringField("eventName", eventName);
            g.writeStringField("action", action.name());
            g.writeStringField("sequenceNumber", sequenceNumber);
            g.writeStringField("approximateCreationTime", approximateCreationTime.toString());
            g.writeFieldName("keys");
            keys.writeTo(g);
            g.writeStringField("objectKey", objectKey);
            g.writeStringField("tenant", tenant);
            g.writeStringField("versionId", versionId);
            g.writeBooleanField("ttlDelete", ttlDelete);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Parses a line written by {@link #toJsonLine}.
     *
     * @throws IllegalArgumentException saying what is wrong with the line (not JSON, a field missing
     *     or of the wrong form)
     */
    public static ChangeLogEntry parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Builder b = builder();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "table": b.table(text(p, field)); break;
                    case "eventID": b.eventId(text(p, field)); break;
                    case "eventName": b.eventName(text(p, field)); break;
                    case "action": b.action(action(text(p, field))); break;
                    case "sequenceNumber": b.sequenceNumber(sequenceNumber(text(p, field))); break;
                    case "approximateCreationTime": b.approximateCreationTime(time(text(p, field))); break;
                    case "keys": b.keys(readKey(p)); break;
                    case "objectKey": b.objectKey(text(p, field)); break;
                    case "tenant": b.tenant(value == JsonToken.VALUE_NULL ? null : text(p, field)); break;
                    case "versionId": b.versionId(value == JsonToken.VALUE_NULL ? null : text(p, field)); break;
                    case "ttlDelete": b.ttlDelete(value == JsonToken.VALUE_TRUE); break;
                    default: p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object");
            }
            for (String[] required : new String[][] {{"table", b.table}, {"eventID", b.eventId},
                    {"eventName", b.eventName}, {"objectKey", b.objectKey}}) {
                if (required[1] == null || required[1].isEmpty()) {
                    throw new IllegalArgumentException("no " + required[0]);
                }
            }
            if (b.action == null || b.sequenceNumber == null || b.approximateCreationTime == null || b.keys == null) {
                throw new IllegalArgumentException("no " + (b.action == null ? "action" : b.sequenceNumber == null
                        ? "sequenceNumber" : b.approximateCreationTime == null ? "approximateCreationTime" : "keys"));
            }
            return b.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                    ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage()), e);
        }
    }

    private static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return p.getText();
    }

    private static Action action(String text) {
        for (Action a : Action.values()) {
            if (a.name().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action must be PUT or DELETE, was '" + text + "'");
    }

    private static String sequenceNumber(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("sequenceNumber must be decimal digits, was '" + text + "'");
        }
        return text;
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("approximateCreationTime is not an ISO-8601 instant: '" + text + "'");
        }
    }

    /**
     * Reads a typed DynamoDB JSON key object ({@code {"id":{"S":"a"}}}) at the parser's current
     * {@code START_OBJECT}: the {@code keys} field of a line, and of a checkpoint entry.
     */
    public static ItemKey readKey(JsonParser p) throws IOException {
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

    @Override
    public String toString() {
        return toJsonLine();
    }

    /** Builder. */
    public static final class Builder {
        private String table;
        private String eventId;
        private String eventName;
        private Action action;
        private String sequenceNumber;
        private Instant approximateCreationTime;
        private ItemKey keys;
        private String objectKey;
        private String tenant;
        private String versionId;
        private boolean ttlDelete;

        private Builder() {
        }

        public Builder table(String v) { this.table = v; return this; }
        public Builder eventId(String v) { this.eventId = v; return this; }
        public Builder eventName(String v) { this.eventName = v; return this; }
        public Builder action(Action v) { this.action = v; return this; }
        public Builder sequenceNumber(String v) { this.sequenceNumber = v; return this; }
        public Builder approximateCreationTime(Instant v) { this.approximateCreationTime = v; return this; }
        public Builder keys(ItemKey v) { this.keys = v; return this; }
        public Builder objectKey(String v) { this.objectKey = v; return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder versionId(String v) { this.versionId = v; return this; }
        public Builder ttlDelete(boolean v) { this.ttlDelete = v; return this; }

        public ChangeLogEntry build() {
            return new ChangeLogEntry(this);
        }
    }
}
