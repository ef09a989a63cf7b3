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

    /** Parses a line written by {@link #toJsonLine}. */
    public static ChangeLogEntry parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("A change-log line must be a JSON object: " + line);
            }
            Builder b = builder();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "table": b.table(p.getText()); break;
                    case "eventID": b.eventId(p.getText()); break;
                    case "eventName": b.eventName(p.getText()); break;
                    case "action": b.action(Action.valueOf(p.getText())); break;
                    case "sequenceNumber": b.sequenceNumber(p.getText()); break;
                    case "approximateCreationTime": b.approximateCreationTime(Instant.parse(p.getText())); break;
                    case "keys": b.keys(readKey(p)); break;
                    case "objectKey": b.objectKey(p.getText()); break;
                    case "tenant": b.tenant(value == JsonToken.VALUE_NULL ? null : p.getText()); break;
                    case "versionId": b.versionId(value == JsonToken.VALUE_NULL ? null : p.getText()); break;
                    case "ttlDelete": b.ttlDelete(value == JsonToken.VALUE_TRUE); break;
                    default: p.skipChildren();
                }
            }
            return b.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a change-log line: " + line, e);
        }
    }

    private static ItemKey readKey(JsonParser p) throws IOException {
        Map<String, KeyValue> values = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            p.nextToken();
            KeyValue.Type type = KeyValue.Type.valueOf(p.currentName());
            p.nextToken();
            values.put(name, KeyValue.of(type, p.getText()));
            p.nextToken();
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
