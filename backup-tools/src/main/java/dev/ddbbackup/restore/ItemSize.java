package dev.ddbbackup.restore;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size by DynamoDB's rules (attribute names plus values), for write capacity: one WCU
 * per started KB of a PUT.
 */
public final class ItemSize {

    private ItemSize() {
    }

    public static long bytes(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += utf8(e.getKey()) + value(e.getValue());
        }
        return total;
    }

    /** Write capacity units of a PUT of this item (at least 1). */
    public static int writeUnits(Map<String, AttributeValue> item) {
        return (int) Math.max(1, (bytes(item) + 1023) / 1024);
    }

    private static long value(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || v.nul() != null) {
            return 1;
        }
        long total = 0;
        if (v.hasSs()) {
            for (String s : v.ss()) {
                total += utf8(s);
            }
            return total;
        }
        if (v.hasNs()) {
            for (String s : v.ns()) {
                total += number(s);
            }
            return total;
        }
        if (v.hasBs()) {
            for (var b : v.bs()) {
                total += b.asByteArray().length;
            }
            return total;
        }
        if (v.hasL()) {
            total = 3;
            for (AttributeValue e : v.l()) {
                total += 1 + value(e);
            }
            return total;
        }
        if (v.hasM()) {
            total = 3;
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                total += 1 + utf8(e.getKey()) + value(e.getValue());
            }
            return total;
        }
        return 1;
    }

    /** Numbers: about one byte per two significant digits, plus one. */
    private static long number(String n) {
        long digits = n.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
