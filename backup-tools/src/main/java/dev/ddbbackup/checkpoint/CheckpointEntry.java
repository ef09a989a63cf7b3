package dev.ddbbackup.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of a checkpoint: the last change of one object (one item in one tenant folder) at or
 * before the checkpoint's time, by the ordering rule (docs/RESTORE.md). It carries the change's
 * identity (time, sequence number, eventID: what later change-log lines are ordered against), and
 * its outcome: a PUT names the object version holding the image (and the versions the change's
 * other deliveries wrote, any of which holds the same image); a DELETE means the object was absent.
 *
 * <pre>{@code
 * {"objectKey":"bk/Orders/acme/0cc1...","tenant":"acme","keys":{"id":{"S":"a"}},"action":"PUT",
 *  "versionId":"3HL4...","otherVersionIds":[],"eventID":"c4ca...","eventName":"MODIFY",
 *  "sequenceNumber":"4421...","approximateCreationTime":"2026-11-20T10:15:00Z","ttlDelete":false,
 *  "origin":"change-log"}
 * }</pre>
 *
 * {@code keys}, {@code eventID}, {@code eventName} and {@code sequenceNumber} are null when the
 * change was not timed by a change-log line (a version's metadata, or LastModified for versions
 * written by other tools); {@code origin} says which ({@code change-log}, {@code metadata},
 * {@code last-modified}).
 */
public final class CheckpointEntry {

    private static final JsonFactory JSON = new JsonFactory();

    private final String objectKey;
    private final String tenant;
    private final ItemKey keys;
    private final Action action;
    private final String versionId;
    private final List<String> otherVersionIds;
    private final String eventId;
    private final String eventName;
    private final String sequenceNumber;
    private final Instant time;
    private final boolean ttlDelete;
    private final String origin;

    private CheckpointEntry(Builder b) {
        this.objectKey = requireText(b.objectKey, "objectKey");
        this.tenant = b.tenant;
        this.keys = b.keys;
        this.action = Objects.requireNonNull(b.action, "action");
        this.versionId = b.versionId;
        this.otherVersionIds = List.copyOf(b.otherVersionIds);
        this.eventId = b.eventId;
        this.eventName = b.eventName;
        this.sequenceNumber = b.sequenceNumber;
        this.time = Objects.requireNonNull(b.time, "approximateCreationTime");
        this.ttlDelete = b.ttlDelete;
        this.origin = requireText(b.origin, "origin");
        if (!origin.equals("change-log") && !origin.equals("metadata") && !origin.equals("last-modified")) {
            throw new IllegalArgumentException("origin must be change-log, metadata or last-modified, was '" + origin + "'");
        }
        if (action == Action.PUT && versionId == null) {
            throw new IllegalArgumentException("a PUT entry must name its version");
        }
        if (sequenceNumber != null && (sequenceNumber.isEmpty() || !sequenceNumber.chars().allMatch(c -> c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("sequenceNumber must be decimal digits, was '" + sequenceNumber + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code {prefix}/{table}/{tenant}/{itemId}}. */
    public String objectKey() {
        return objectKey;
    }

    /** The item name: the object key's last segment. */
    public String itemName() {
        return objectKey.substring(objectKey.lastIndexOf('/') + 1);
    }

    public String tenant() {
        return tenant;
    }

    /** The item's key when a change-log line gave it, else null. */
    public ItemKey keys() {
        return keys;
    }

    /** PUT: the object held {@link #versionId}'s image; DELETE: it was absent. */
    public Action action() {
        return action;
    }

    public String versionId() {
        return versionId;
    }

    /** The versions other deliveries of the same change wrote (same image), oldest known first. */
    public List<String> otherVersionIds() {
        return otherVersionIds;
    }

    public String eventId() {
        return eventId;
    }

    public String eventName() {
        return eventName;
    }

    public String sequenceNumber() {
        return sequenceNumber;
    }

    public BigInteger sequence() {
        return sequenceNumber == null ? null : new BigInteger(sequenceNumber);
    }

    /** The change's time (approximateCreationTime, or LastModified for {@code last-modified}). */
    public Instant time() {
        return time;
    }

    public boolean ttlDelete() {
        return ttlDelete;
    }

    /** {@code change-log}, {@code metadata} or {@code last-modified}. */
    public String origin() {
        return origin;
    }

    /** The entry as one JSON line (no newline). */
    public String toJsonLine() {
        StringWriter out = new StringWriter(320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("objectKey", objectKey);
            g.writeStringField("tenant", tenant);
            g.writeFieldName("keys");
            if (keys == null) {
                g.writeNull();
            } else {
                keys.writeTo(g);
            }
            g.writeStringField("action", action.name());
            g.writeStringField("versionId", versionId);
            g.writeArrayFieldStart("otherVersionIds");
            for (String v : otherVersionIds) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeStringField("eventID", eventId);
            g.writeStringField("eventName", eventName);
            g.writeStringField("sequenceNumber", sequenceNumber);
            g.writeStringField("approximateCreationTime", time.toString());
            g.writeBooleanField("ttlDelete", ttlDelete);
            g.writeStringField("origin", origin);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Parses a line written by {@link #toJsonLine}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static CheckpointEntry parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Builder b = builder();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                boolean isNull = value == JsonToken.VALUE_NULL;
                switch (field) {
                    case "objectKey": b.objectKey(text(p, field)); break;
                    case "tenant": b.tenant(isNull ? null : text(p, field)); break;
                    case "keys": b.keys(isNull ? null : ChangeLogEntry.readKey(p)); break;
                    case "action": b.action(action(text(p, field))); break;
                    case "versionId": b.versionId(isNull ? null : text(p, field)); break;
                    case "otherVersionIds": b.otherVersionIds(strings(p, field)); break;
                    case "eventID": b.eventId(isNull ? null : text(p, field)); break;
                    case "eventName": b.eventName(isNull ? null : text(p, field)); break;
                    case "sequenceNumber": b.sequenceNumber(isNull ? null : text(p, field)); break;
                    case "approximateCreationTime": b.time(time(text(p, field))); break;
                    case "ttlDelete": b.ttlDelete(value == JsonToken.VALUE_TRUE); break;
                    case "origin": b.origin(text(p, field)); break;
                    default: p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object");
            }
            if (b.objectKey == null || b.action == null || b.time == null || b.origin == null) {
                throw new IllegalArgumentException("no " + (b.objectKey == null ? "objectKey" : b.action == null ? "action"
                        : b.time == null ? "approximateCreationTime" : "origin"));
            }
            return b.build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return p.getText();
    }

    private static List<String> strings(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("'" + field + "' is not an array");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(text(p, field));
        }
        return out;
    }

    private static Action action(String text) {
        try {
            return Action.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action must be PUT or DELETE, was '" + text + "'");
        }
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("approximateCreationTime is not an ISO-8601 instant: '" + text + "'");
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("no " + name);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointEntry && ((CheckpointEntry) o).toJsonLine().equals(toJsonLine());
    }

    @Override
    public int hashCode() {
        return toJsonLine().hashCode();
    }

    @Override
    public String toString() {
        return toJsonLine();
    }

    /** Builder. */
    public static final class Builder {
        private String objectKey;
        private String tenant;
        private ItemKey keys;
        private Action action;
        private String versionId;
        private List<String> otherVersionIds = List.of();
        private String eventId;
        private String eventName;
        private String sequenceNumber;
        private Instant time;
        private boolean ttlDelete;
        private String origin;

        private Builder() {
        }

        public Builder objectKey(String v) { this.objectKey = v; return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder keys(ItemKey v) { this.keys = v; return this; }
        public Builder action(Action v) { this.action = v; return this; }
        public Builder versionId(String v) { this.versionId = v; return this; }
        public Builder otherVersionIds(List<String> v) { this.otherVersionIds = Objects.requireNonNull(v); return this; }
        public Builder eventId(String v) { this.eventId = v; return this; }
        public Builder eventName(String v) { this.eventName = v; return this; }
        public Builder sequenceNumber(String v) { this.sequenceNumber = v; return this; }
        public Builder time(Instant v) { this.time = v; return this; }
        public Builder ttlDelete(boolean v) { this.ttlDelete = v; return this; }
        public Builder origin(String v) { this.origin = v; return this; }

        public CheckpointEntry build() {
            return new CheckpointEntry(this);
        }
    }
}
