package dev.ddbbackup.backup;

import dev.ddbbackup.json.DynamoJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attribute-level difference between two images of an item (an absent item is an empty map):
 * attributes added, removed and changed, by name. What {@code history --diff} and {@code changes}
 * show.
 */
public final class AttributeDiff {

    /** One attribute's difference: {@code +} added, {@code -} removed, {@code ~} changed. */
    public record Entry(char sign, String name, AttributeValue before, AttributeValue after) {

        /** The JSON report's key: the sign and the name ({@code +v}, {@code -v}, {@code ~v}). */
        public String jsonName() {
            return sign + name;
        }

        /** The JSON report's value: the new value, the old one, or {@code old -> new}. */
        public String jsonValue() {
            return switch (sign) {
                case '+' -> render(after);
                case '-' -> render(before);
                default -> render(before) + " -> " + render(after);
            };
        }

        /** The line for people: {@code + v = ...}, {@code - v (was ...)}, {@code ~ v: ... -> ...}. */
        public String human() {
            return switch (sign) {
                case '+' -> "+ " + name + " = " + render(after);
                case '-' -> "- " + name + " (was " + render(before) + ")";
                default -> "~ " + name + ": " + render(before) + " -> " + render(after);
            };
        }
    }

    private AttributeDiff() {
    }

    /** The differences, by attribute name. */
    public static List<Entry> of(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Entry> out = new ArrayList<>();
        for (String name : names) {
            AttributeValue b = before.get(name);
            AttributeValue a = after.get(name);
            if (b == null) {
                out.add(new Entry('+', name, null, a));
            } else if (a == null) {
                out.add(new Entry('-', name, b, null));
            } else if (!b.equals(a)) {
                out.add(new Entry('~', name, b, a));
            }
        }
        return out;
    }

    /** One value as DynamoDB JSON ({@code {"S":"x"}}). */
    public static String render(AttributeValue v) {
        String item = DynamoJson.sdkItemToJson(Map.of("v", v));
        return item.substring("{\"v\":".length(), item.length() - 1);
    }
}
