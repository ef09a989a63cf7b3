package dev.ddbbackup.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The table description kept at {@code {prefix}/{table}/_table.json}, so a restore can recreate a
 * table (keys, attribute definitions, secondary indexes, billing, TTL attribute) after the source
 * table is gone. The JSON uses the CreateTable API's field names, plus {@code TimeToLive}.
 *
 * <p>Only what defines the table is kept (no item counts, sizes, status or timestamps), so the
 * bytes change only when the table's definition changes: the writer compares bytes to decide
 * whether to write a new version.
 */
public final class TableDescriptionJson {

    private static final JsonFactory JSON = new JsonFactory();

    private TableDescriptionJson() {
    }

    /** The stored form of a table; {@code ttl} may be null. */
    public static byte[] write(TableDescription table, TimeToLiveDescription ttl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("TableName", table.tableName());
            writeKeySchema(g, table.keySchema());
            g.writeArrayFieldStart("AttributeDefinitions");
            for (AttributeDefinition a : table.attributeDefinitions().stream()
                    .sorted(Comparator.comparing(AttributeDefinition::attributeName)).toList()) {
                g.writeStartObject();
                g.writeStringField("AttributeName", a.attributeName());
                g.writeStringField("AttributeType", a.attributeTypeAsString());
                g.writeEndObject();
            }
            g.writeEndArray();
            BillingMode billing = table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
                    ? BillingMode.PROVISIONED : table.billingModeSummary().billingMode();
            g.writeStringField("BillingMode", billing.toString());
            if (billing == BillingMode.PROVISIONED) {
                writeThroughput(g, table.provisionedThroughput());
            }
            writeIndexes(g, "GlobalSecondaryIndexes", table.hasGlobalSecondaryIndexes() ? table.globalSecondaryIndexes()
                    : List.of(), billing);
            // An LSI is written as a GSI without throughput: the fields it has are the same.
            writeIndexes(g, "LocalSecondaryIndexes", table.hasLocalSecondaryIndexes() ? table.localSecondaryIndexes()
                    .stream().map(i -> GlobalSecondaryIndexDescription.builder().indexName(i.indexName())
                            .keySchema(i.keySchema()).projection(i.projection()).build()).toList() : List.of(), billing);
            if (ttl != null && ttl.attributeName() != null
                    && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
                g.writeObjectFieldStart("TimeToLive");
                g.writeStringField("AttributeName", ttl.attributeName());
                g.writeBooleanField("Enabled", true);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A stored description, read back.
     *
     * @param createTable a CreateTable request for the stored definition, under the stored name
     * @param ttlAttribute the TTL attribute, or null when TTL was off
     */
    public record Stored(CreateTableRequest createTable, String ttlAttribute) {

        /** The same definition under another table name. */
        public CreateTableRequest createTable(String tableName) {
            return createTable.toBuilder().tableName(tableName).build();
        }

        /** Key attribute names in key-schema order (hash, then range). */
        public List<String> keySchema() {
            return keyOrder(createTable.keySchema());
        }

        /** The declared type ({@code S}, {@code N}, {@code B}) of an attribute, or null when not declared. */
        public String attributeType(String attributeName) {
            return createTable.attributeDefinitions().stream().filter(d -> d.attributeName().equals(attributeName))
                    .map(AttributeDefinition::attributeTypeAsString).findFirst().orElse(null);
        }
    }

    /**
     * Reads a stored description.
     *
     * @throws IllegalArgumentException when it is not one: not JSON, or without a key schema whose
     *     attributes are defined
     */
    public static Stored read(byte[] json) {
        Stored stored;
        try {
            stored = parse(json);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a table description: " + e.getMessage(), e);
        }
        List<KeySchemaElement> keys = stored.createTable.keySchema();
        List<String> order = keyOrder(keys);
        if (keys.isEmpty() || keys.size() > 2 || order.size() != keys.size() || keys.get(0).keyType() == null
                || !order.get(0).equals(keys.stream().filter(k -> k.keyType() == KeyType.HASH).findFirst()
                        .map(KeySchemaElement::attributeName).orElse(null))) {
            throw new IllegalArgumentException("Not a table description: no KeySchema of a HASH and an optional RANGE key");
        }
        for (String name : order) {
            String type = stored.attributeType(name);
            if (!"S".equals(type) && !"N".equals(type) && !"B".equals(type)) {
                throw new IllegalArgumentException("Not a table description: key attribute '" + name
                        + "' has no AttributeDefinition of type S, N or B");
            }
        }
        return stored;
    }

    private static Stored parse(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("Not a table description: not a JSON object");
            }
            CreateTableRequest.Builder create = CreateTableRequest.builder();
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            List<LocalSecondaryIndex> lsis = new ArrayList<>();
            String[] ttl = new String[1];
            readFields(p, field -> {
                switch (field) {
                    case "TableName": create.tableName(p.getText()); break;
                    case "KeySchema": create.keySchema(readKeySchema(p)); break;
                    case "AttributeDefinitions": create.attributeDefinitions(readDefinitions(p)); break;
                    case "BillingMode": create.billingMode(p.getText()); break;
                    case "ProvisionedThroughput": create.provisionedThroughput(readThroughput(p)); break;
                    case "GlobalSecondaryIndexes": gsis.addAll(readIndexes(p)); break;
                    case "LocalSecondaryIndexes":
                        readIndexes(p).forEach(i -> lsis.add(LocalSecondaryIndex.builder().indexName(i.indexName())
                                .keySchema(i.keySchema()).projection(i.projection()).build()));
                        break;
                    case "TimeToLive":
                        readFields(p, f -> {
                            if ("AttributeName".equals(f)) {
                                ttl[0] = p.getText();
                            }
                        });
                        break;
                    default: p.skipChildren();
                }
            });
            if (!gsis.isEmpty()) {
                create.globalSecondaryIndexes(gsis);
            }
            if (!lsis.isEmpty()) {
                create.localSecondaryIndexes(lsis);
            }
            return new Stored(create.build(), ttl[0]);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a table description: " + e.getMessage(), e);
        }
    }

    /** Key attribute names in key-schema order (hash, then range), whatever order they are listed in. */
    public static List<String> keyOrder(List<KeySchemaElement> keySchema) {
        List<String> names = new ArrayList<>(2);
        for (KeyType type : new KeyType[] {KeyType.HASH, KeyType.RANGE}) {
            for (KeySchemaElement e : keySchema) {
                if (e.keyType() == type) {
                    names.add(e.attributeName());
                }
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static void writeKeySchema(JsonGenerator g, List<KeySchemaElement> keys) throws IOException {
        g.writeArrayFieldStart("KeySchema");
        for (KeySchemaElement k : keys) {
            g.writeStartObject();
            g.writeStringField("AttributeName", k.attributeName());
            g.writeStringField("KeyType", k.keyTypeAsString());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeIndexes(JsonGenerator g, String field, List<GlobalSecondaryIndexDescription> indexes,
            BillingMode billing) throws IOException {
        if (indexes.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (GlobalSecondaryIndexDescription i : indexes) {
            g.writeStartObject();
            g.writeStringField("IndexName", i.indexName());
            writeKeySchema(g, i.keySchema());
            writeProjection(g, i.projection());
            if (billing == BillingMode.PROVISIONED) {
                writeThroughput(g, i.provisionedThroughput());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeProjection(JsonGenerator g, Projection projection) throws IOException {
        g.writeObjectFieldStart("Projection");
        g.writeStringField("ProjectionType", projection.projectionTypeAsString());
        if (projection.hasNonKeyAttributes() && !projection.nonKeyAttributes().isEmpty()) {
            g.writeArrayFieldStart("NonKeyAttributes");
            for (String a : projection.nonKeyAttributes()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeThroughput(JsonGenerator g, ProvisionedThroughputDescription t) throws IOException {
        if (t == null || t.readCapacityUnits() == null || t.readCapacityUnits() == 0) {
            return;
        }
        g.writeObjectFieldStart("ProvisionedThroughput");
        g.writeNumberField("ReadCapacityUnits", t.readCapacityUnits());
        g.writeNumberField("WriteCapacityUnits", t.writeCapacityUnits());
        g.writeEndObject();
    }

    /** Reads one field's value; the parser stands on it. */
    private interface FieldReader {
        void read(String field) throws IOException;
    }

    /** Reads the fields of the object the parser is in, each by {@code reader}, up to the object's end. */
    private static void readFields(JsonParser p, FieldReader reader) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            reader.read(field);
        }
    }

    /** An array of {@code {"AttributeName": a, <second>: b}} objects (key schema, attribute definitions). */
    private static <T> List<T> readAttributes(JsonParser p, String second, BiFunction<String, String, T> make)
            throws IOException {
        List<T> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String[] pair = new String[2];
            readFields(p, f -> {
                if ("AttributeName".equals(f)) {
                    pair[0] = p.getText();
                } else if (second.equals(f)) {
                    pair[1] = p.getText();
                }
            });
            out.add(make.apply(pair[0], pair[1]));
        }
        return out;
    }

    private static List<KeySchemaElement> readKeySchema(JsonParser p) throws IOException {
        return readAttributes(p, "KeyType", (name, type) -> KeySchemaElement.builder().attributeName(name).keyType(type).build());
    }

    private static List<AttributeDefinition> readDefinitions(JsonParser p) throws IOException {
        return readAttributes(p, "AttributeType",
                (name, type) -> AttributeDefinition.builder().attributeName(name).attributeType(type).build());
    }

    private static ProvisionedThroughput readThroughput(JsonParser p) throws IOException {
        ProvisionedThroughput.Builder t = ProvisionedThroughput.builder();
        readFields(p, f -> {
            if ("ReadCapacityUnits".equals(f)) {
                t.readCapacityUnits(p.getLongValue());
            } else if ("WriteCapacityUnits".equals(f)) {
                t.writeCapacityUnits(p.getLongValue());
            }
        });
        return t.build();
    }

    private static Projection readProjection(JsonParser p) throws IOException {
        Projection.Builder b = Projection.builder();
        readFields(p, f -> {
            if ("ProjectionType".equals(f)) {
                b.projectionType(p.getText());
            } else if ("NonKeyAttributes".equals(f)) {
                List<String> names = new ArrayList<>();
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    names.add(p.getText());
                }
                b.nonKeyAttributes(names);
            }
        });
        return b.build();
    }

    /** An array of indexes, each read as a GSI (an LSI has the same fields but throughput). */
    private static List<GlobalSecondaryIndex> readIndexes(JsonParser p) throws IOException {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder();
            readFields(p, f -> {
                switch (f) {
                    case "IndexName": index.indexName(p.getText()); break;
                    case "KeySchema": index.keySchema(readKeySchema(p)); break;
                    case "Projection": index.projection(readProjection(p)); break;
                    case "ProvisionedThroughput": index.provisionedThroughput(readThroughput(p)); break;
                    default: p.skipChildren();
                }
            });
            indexes.add(index.build());
        }
        return indexes;
    }
}
