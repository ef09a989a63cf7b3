package dev.ddbbackup.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An item's primary key: its key attributes sorted by name. The canonical JSON (sorted, typed
 * DynamoDB JSON, no whitespace, e.g. {@code {"id":{"S":"record-1"},"range":{"N":"1"}}}) is the
 * item's identity in the backup: it is hashed into the default object name, grouped on in the
 * handler and written into every change-log line.
 */
public final class ItemKey {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, KeyValue> attributes;
    private final String canonicalJson;

    private ItemKey(Map<String, KeyValue> sorted) {
        this.attributes = Collections.unmodifiableMap(sorted);
        this.canonicalJson = render(sorted);
    }

    public static ItemKey of(Map<String, KeyValue> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("An item key needs at least one attribute");
        }
        return new ItemKey(new TreeMap<>(attributes));
    }

    /** Key attributes sorted by attribute name. */
    public Map<String, KeyValue> attributes() {
        return attributes;
    }

    public KeyValue get(String attributeName) {
        return attributes.get(attributeName);
    }

    public String canonicalJson() {
        return canonicalJson;
    }

    /** Lowercase hex MD5 of the canonical JSON: the default object name. */
    public String md5Hex() {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static String render(Map<String, KeyValue> sorted) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, KeyValue> e : sorted.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField(e.getValue().type().name(), e.getValue().text());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey && ((ItemKey) o).canonicalJson.equals(canonicalJson);
    }

    @Override
    public int hashCode() {
        return canonicalJson.hashCode();
    }

    @Override
    public String toString() {
        return canonicalJson;
    }
}
