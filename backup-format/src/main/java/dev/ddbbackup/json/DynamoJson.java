package dev.ddbbackup.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ddbbackup.json.AttributeModel.Tag;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact DynamoDB JSON ({@code {"id":{"S":"a"},"blob":{"B":"aGVsbG8="}}}), the format of every
 * backup object, written from and read into both the Lambda events model and the SDK v2 model.
 *
 * <p>Jackson's databind would serialise the Lambda model as {@code {"s":"a","n":null,...}}, which
 * DynamoDB cannot read back; this class writes the wire format token by token instead. Attribute
 * names are written sorted so the same item always gives the same bytes.
 */
public final class DynamoJson {

    /**
     * Characters outside the Basic Multilingual Plane (emoji ...) are written as UTF-8, as
     * DynamoDB writes them, not as the escaped surrogate pairs Jackson writes by default.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private DynamoJson() {
    }

    /** The shared, thread-safe Jackson factory. */
    public static JsonFactory factory() {
        return JSON;
    }

    // ---- Lambda events model -------------------------------------------------------------

    public static byte[] eventItemToBytes(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> item) {
        return toBytes(EventAttributeModel.INSTANCE, item);
    }

    /**
     * Checks that {@link #eventItemToBytes} will accept the item, without keeping the bytes: the
     * function validates a whole batch first and serialises each image only when it writes it, so a
     * batch holds no second copy of its images while it is written.
     *
     * @throws MalformedAttributeException naming the attribute path that cannot be written
     */
    public static void validateEventItem(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> item) {
        write(OutputStream.nullOutputStream(), EventAttributeModel.INSTANCE, item);
    }

    public static String eventItemToJson(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> item) {
        return new String(eventItemToBytes(item), StandardCharsets.UTF_8);
    }

    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
            parseEventItem(String json) {
        return parse(EventAttributeModel.INSTANCE, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The key attributes of an event's {@code Keys} map (scalars only). */
    public static ItemKey eventKey(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> keys) {
        return key(EventAttributeModel.INSTANCE, keys);
    }

    /** A scalar (S, N, B) from the Lambda model, or null when the value is not one. */
    public static KeyValue eventScalar(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        return scalar(EventAttributeModel.INSTANCE, v);
    }

    // ---- SDK v2 model ---------------------------------------------------------------------

    public static byte[] sdkItemToBytes(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        return toBytes(SdkAttributeModel.INSTANCE, item);
    }

    public static String sdkItemToJson(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        return new String(sdkItemToBytes(item), StandardCharsets.UTF_8);
    }

    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> parseSdkItem(byte[] json) {
        return parse(SdkAttributeModel.INSTANCE, json);
    }

    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> parseSdkItem(String json) {
        return parseSdkItem(json.getBytes(StandardCharsets.UTF_8));
    }

    public static ItemKey sdkKey(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> keys) {
        return key(SdkAttributeModel.INSTANCE, keys);
    }

    public static KeyValue sdkScalar(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        return scalar(SdkAttributeModel.INSTANCE, v);
    }

    /** The SDK form of an item key, for GetItem/DeleteItem. */
    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdkKeyMap(ItemKey key) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, KeyValue> e : key.attributes().entrySet()) {
            KeyValue v = e.getValue();
            Tag tag = Tag.valueOf(v.type().name());
            out.put(e.getKey(), tag == Tag.B
                    ? SdkAttributeModel.INSTANCE.ofBytes(Base64.getDecoder().decode(v.text()))
                    : SdkAttributeModel.INSTANCE.ofString(tag, v.text()));
        }
        return out;
    }

    // ---- shared reader and writer ---------------------------------------------------------

    private static <T> byte[] toBytes(AttributeModel<T> model, Map<String, T> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, model, item);
        return out.toByteArray();
    }

    private static <T> void write(OutputStream out, AttributeModel<T> model, Map<String, T> item) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeMap(g, model, item, "$");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> void writeMap(JsonGenerator g, AttributeModel<T> model, Map<String, T> map, String path)
            throws IOException {
        if (map == null) {
            throw new MalformedAttributeException(path, "map is null");
        }
        g.writeStartObject();
        for (Map.Entry<String, T> e : new TreeMap<>(map).entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, model, e.getValue(), path + "." + e.getKey());
        }
        g.writeEndObject();
    }

    private static <T> void writeValue(JsonGenerator g, AttributeModel<T> model, T value, String path)
            throws IOException {
        if (value == null) {
            throw new MalformedAttributeException(path, "value is null");
        }
        Tag tag = model.tag(value, path);
        g.writeStartObject();
        g.writeFieldName(tag.name());
        switch (tag) {
            case S:
                g.writeString(model.string(value));
                break;
            case N:
                g.writeString(DynamoNumbers.check(model.string(value), path));
                break;
            case B:
                g.writeString(Base64.getEncoder().encodeToString(model.bytes(value)));
                break;
            case SS:
            case NS:
            case BS:
                g.writeStartArray();
                // A binary set is written as the base64 texts of its members.
                List<String> members = tag == Tag.BS
                        ? model.byteList(value).stream().map(Base64.getEncoder()::encodeToString).toList()
                        : model.strings(value);
                checkSet(tag, members.size(), path);
                for (String s : members) {
                    if (s == null) {
                        throw new MalformedAttributeException(path, "null member in " + tag);
                    }
                    g.writeString(tag == Tag.NS ? DynamoNumbers.check(s, path) : s);
                }
                g.writeEndArray();
                break;
            case M:
                writeMap(g, model, model.map(value), path);
                break;
            case L:
                g.writeStartArray();
                int i = 0;
                for (T element : model.list(value)) {
                    writeValue(g, model, element, path + "[" + i++ + "]");
                }
                g.writeEndArray();
                break;
            case NULL:
                g.writeBoolean(true);
                break;
            case BOOL:
                g.writeBoolean(model.bool(value));
                break;
            default:
                throw new IllegalStateException(tag.name());
        }
        g.writeEndObject();
    }

    private static <T> Map<String, T> parse(AttributeModel<T> model, byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            Map<String, T> item = readMap(p, model, "$");
            if (p.nextToken() != null) {
                throw new MalformedAttributeException("$", "trailing content after the item");
            }
            return item;
        } catch (IOException e) {
            throw new MalformedAttributeException("$", "not JSON: " + e.getMessage());
        }
    }

    private static <T> Map<String, T> readMap(JsonParser p, AttributeModel<T> model, String path) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, path);
        Map<String, T> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            out.put(name, readValue(p, model, path + "." + name));
        }
        return out;
    }

    private static <T> T readValue(JsonParser p, AttributeModel<T> model, String path) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, path);
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new MalformedAttributeException(path, "no type tag");
        }
        Tag tag;
        try {
            tag = Tag.valueOf(p.currentName());
        } catch (IllegalArgumentException e) {
            throw new MalformedAttributeException(path, "unknown type tag '" + p.currentName() + "'");
        }
        JsonToken token = p.nextToken();
        T value;
        switch (tag) {
            case S:
                expect(p, token, JsonToken.VALUE_STRING, path);
                value = model.ofString(tag, p.getText());
                break;
            case N:
                expect(p, token, JsonToken.VALUE_STRING, path);
                value = model.ofString(tag, DynamoNumbers.check(p.getText(), path));
                break;
            case B:
                expect(p, token, JsonToken.VALUE_STRING, path);
                value = model.ofBytes(base64(p.getText(), path));
                break;
            case SS:
            case NS:
                List<String> strings = readStrings(p, token, path);
                checkSet(tag, strings.size(), path);
                if (tag == Tag.NS) {
                    strings.forEach(n -> DynamoNumbers.check(n, path));
                }
                value = model.ofStrings(tag, strings);
                break;
            case BS:
                List<byte[]> bytes = new ArrayList<>();
                for (String s : readStrings(p, token, path)) {
                    bytes.add(base64(s, path));
                }
                checkSet(tag, bytes.size(), path);
                value = model.ofByteList(bytes);
                break;
            case M:
                value = model.ofMap(readMap(p, model, path));
                break;
            case L:
                expect(p, token, JsonToken.START_ARRAY, path);
                List<T> list = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p, model, path + "[" + i++ + "]"));
                }
                value = model.ofList(list);
                break;
            case NULL:
                if (token != JsonToken.VALUE_TRUE) {
                    throw new MalformedAttributeException(path, "NULL must be true");
                }
                value = model.ofNull();
                break;
            case BOOL:
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw new MalformedAttributeException(path, "BOOL must be true or false");
                }
                value = model.ofBool(token == JsonToken.VALUE_TRUE);
                break;
            default:
                throw new IllegalStateException(tag.name());
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new MalformedAttributeException(path, "more than one type tag");
        }
        return value;
    }

    /** DynamoDB has no empty sets. */
    private static void checkSet(Tag tag, int size, String path) {
        if (size == 0) {
            throw new MalformedAttributeException(path, "an empty " + tag + " (DynamoDB has no empty sets)");
        }
    }

    private static List<String> readStrings(JsonParser p, JsonToken token, String path) throws IOException {
        expect(p, token, JsonToken.START_ARRAY, path);
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, p.currentToken(), JsonToken.VALUE_STRING, path);
            out.add(p.getText());
        }
        return out;
    }

    private static byte[] base64(String text, String path) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedAttributeException(path, "invalid base64");
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String path) {
        if (actual != expected) {
            throw new MalformedAttributeException(path, "expected " + expected + " but found " + actual);
        }
    }

    // ---- keys -----------------------------------------------------------------------------

    private static <T> ItemKey key(AttributeModel<T> model, Map<String, T> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new MalformedAttributeException("Keys", "no key attributes");
        }
        Map<String, KeyValue> values = new TreeMap<>();
        for (Map.Entry<String, T> e : keys.entrySet()) {
            KeyValue v = scalar(model, e.getValue());
            if (v == null) {
                throw new MalformedAttributeException("Keys." + e.getKey(), "a key attribute must be S, N (a number) or B");
            }
            values.put(e.getKey(), v);
        }
        return ItemKey.of(values);
    }

    private static <T> KeyValue scalar(AttributeModel<T> model, T value) {
        if (value == null) {
            return null;
        }
        Tag tag;
        try {
            tag = model.tag(value, "$");
        } catch (MalformedAttributeException e) {
            return null;
        }
        switch (tag) {
            case S: return KeyValue.string(model.string(value));
            case N: return DynamoNumbers.isValid(model.string(value)) ? KeyValue.number(model.string(value)) : null;
            case B: return KeyValue.binaryBase64(Base64.getEncoder().encodeToString(model.bytes(value)));
            default: return null;
        }
    }
}
