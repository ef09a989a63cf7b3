package dev.ddbbackup.delivery;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A canonical text of an item for comparisons: attribute names sorted, sets sorted (DynamoDB
 * returns set members in any order), numbers as given. Independent of the code under test.
 */
final class Items {

    private Items() {
    }

    static String canonical(Map<String, AttributeValue> item) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(item).entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(e.getKey()).append('=').append(value(e.getValue()));
        }
        return out.append('}').toString();
    }

    /** key -> canonical item. */
    static Map<String, String> canonicalState(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, canonical(v)));
        return out;
    }

    private static String value(AttributeValue v) {
        if (v.s() != null) {
            return "S:" + v.s();
        }
        if (v.n() != null) {
            return "N:" + v.n();
        }
        if (v.b() != null) {
            return "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
        }
        if (v.bool() != null) {
            return "BOOL:" + v.bool();
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return "NULL";
        }
        if (v.hasSs()) {
            return "SS:" + sorted(v.ss());
        }
        if (v.hasNs()) {
            return "NS:" + sorted(v.ns());
        }
        if (v.hasBs()) {
            List<String> bs = new ArrayList<>();
            v.bs().forEach(b -> bs.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            return "BS:" + sorted(bs);
        }
        if (v.hasL()) {
            List<String> l = new ArrayList<>();
            v.l().forEach(e -> l.add(value(e)));
            return "L:" + l;
        }
        if (v.hasM()) {
            return "M:" + canonical(v.m());
        }
        throw new IllegalArgumentException("No value: " + v);
    }

    private static List<String> sorted(List<String> values) {
        List<String> out = new ArrayList<>(values);
        out.sort(null);
        return out;
    }
}
