package dev.ddbbackup.backup;

import dev.ddbbackup.layout.TableDescriptionJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/** A table's key: attribute names in key-schema order (hash, then range) and their types (S, N, B). */
public final class KeySchema {

    private final List<String> names;
    private final Map<String, String> types;

    private KeySchema(List<String> names, Map<String, String> types) {
        if (names.isEmpty() || names.size() > 2) {
            throw new IllegalArgumentException("A key has one or two attributes, not " + names);
        }
        this.names = List.copyOf(names);
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /** The key of a stored description ({@code _table.json}). */
    public static KeySchema of(TableDescriptionJson.Stored description) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String name : description.keySchema()) {
            types.put(name, description.attributeType(name));
        }
        return new KeySchema(description.keySchema(), types);
    }

    /** The key of a DescribeTable answer. */
    public static KeySchema of(List<KeySchemaElement> keySchema, List<AttributeDefinition> definitions) {
        List<String> names = TableDescriptionJson.keyOrder(keySchema);
        Map<String, String> types = new LinkedHashMap<>();
        for (String name : names) {
            String type = null;
            for (AttributeDefinition d : definitions) {
                if (d.attributeName().equals(name)) {
                    type = d.attributeTypeAsString();
                }
            }
            types.put(name, type);
        }
        return new KeySchema(names, types);
    }

    /** Key-schema order: hash, then range. */
    public List<String> names() {
        return names;
    }

    /** S, N or B; null when not known. */
    public String type(String name) {
        return types.get(name);
    }

    /** Whether both name the same attributes with the same types, in the same order. */
    public boolean sameAs(KeySchema other) {
        return names.equals(other.names) && types.equals(other.types);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(names.get(i) + " (" + (i == 0 ? "HASH" : "RANGE") + ", " + Objects.toString(types.get(names.get(i)), "?")
                    + ")");
        }
        return String.join(", ", parts);
    }
}
