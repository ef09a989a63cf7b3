package dev.ddbbackup.local;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item equality as DynamoDB means it: sets are unordered and numbers are compared by value
 * ({@code 1.50} is {@code 1.5}), so an image that went through the table and the stream equals
 * the one that was written.
 */
public final class ItemEquality {

    private ItemEquality() {
    }

    public static boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        if (a == null || b == null) {
            return a == b;
        }
        return canonical(a).equals(canonical(b));
    }

    /** A comparable form: sorted maps, sorted sets, normalised numbers. */
    public static Object canonical(Map<String, AttributeValue> item) {
        Map<String, Object> out = new TreeMap<>();
        item.forEach((k, v) -> out.put(k, canonical(v)));
        return out;
    }

    private static Object canonical(AttributeValue v) {
        switch (v.type()) {
            case N: return "N:" + number(v.n());
            case NS: return "NS:" + sorted(v.ns(), true);
            case SS: return "SS:" + sorted(v.ss(), false);
            case BS: {
                List<String> encoded = new ArrayList<>();
                for (SdkBytes b : v.bs()) {
                    encoded.add(Base64.getEncoder().encodeToString(b.asByteArray()));
                }
                return "BS:" + sorted(encoded, false);
            }
            case M: return canonical(v.m());
            case L: {
                List<Object> list = new ArrayList<>();
                for (AttributeValue e : v.l()) {
                    list.add(canonical(e));
                }
                return list;
            }
            case B: return "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
            case S: return "S:" + v.s();
            case BOOL: return "BOOL:" + v.bool();
            case NUL: return "NULL";
            default: return "?" + v;
        }
    }

    private static String number(String n) {
        BigDecimal d = new BigDecimal(n).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    private static List<String> sorted(List<String> values, boolean numbers) {
        List<String> out = new ArrayList<>();
        for (String s : values) {
            out.add(numbers ? number(s) : s);
        }
        out.sort(null);
        return out;
    }
}
