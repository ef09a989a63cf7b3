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
        return item.entrySet().stream().mapToLong(e -> utf8(e.getKey()) + value(e.getValue())).sum();
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
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(ItemSize::number).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToLong(ItemSize::value).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().size() + bytes(v.m());
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
