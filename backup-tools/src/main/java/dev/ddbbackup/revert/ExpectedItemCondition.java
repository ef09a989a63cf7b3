package dev.ddbbackup.revert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ConditionExpression that makes a revert's write go through only while the live item is what
 * the backup says it was: absent ({@code attribute_not_exists} of a key attribute), or present with
 * every attribute of the expected image equal (key attributes first; DynamoDB's {@code =} compares
 * sets as sets and numbers as numbers).
 *
 * <p>The limit: a condition can only name attributes, so an attribute a racing writer <i>added</i>
 * (one the expected image does not have) is not seen by it; the revert reads the live item first
 * (strongly consistent) and compares it whole, so only an attribute added between that read and
 * the write goes unseen. Images of more than {@link #MAX_ATTRIBUTES} attributes are compared on
 * their first {@link #MAX_ATTRIBUTES} (keys first): DynamoDB caps an expression at 4 KB and 300
 * operators.
 */
public record ExpectedItemCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    static final int MAX_ATTRIBUTES = 100;

    /**
     * @param expected the image the live item must equal, or null when it must be absent
     * @param keyNames the table's key attribute names (partition key first)
     */
    static ExpectedItemCondition of(Map<String, AttributeValue> expected, List<String> keyNames) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (expected == null) {
            names.put("#k0", keyNames.get(0));
            return new ExpectedItemCondition("attribute_not_exists(#k0)", names, values);
        }
        List<String> order = new ArrayList<>(keyNames);
        expected.keySet().stream().filter(n -> !keyNames.contains(n)).sorted().forEach(order::add);
        List<String> terms = new ArrayList<>();
        for (String name : order) {
            if (terms.size() == MAX_ATTRIBUTES) {
                break;
            }
            AttributeValue v = expected.get(name);
            if (v == null) {
                continue;
            }
            int i = terms.size();
            names.put("#a" + i, name);
            values.put(":v" + i, v);
            terms.add("#a" + i + " = :v" + i);
        }
        return new ExpectedItemCondition(String.join(" AND ", terms), names, values);
    }
}
