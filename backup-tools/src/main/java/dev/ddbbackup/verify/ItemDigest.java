package dev.ddbbackup.verify;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A digest of an item's content that is equal exactly when two items are equal as DynamoDB sees
 * them: attribute names sorted, set members sorted (DynamoDB keeps no set order, so a Scan and a
 * stream image may list them differently), numbers compared as numbers.
 */
final class ItemDigest {

    private ItemDigest() {
    }

    static String of(Map<String, AttributeValue> item) {
        StringBuilder canonical = new StringBuilder(256);
        appendMap(canonical, item);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void appendMap(StringBuilder out, Map<String, AttributeValue> map) {
        out.append('{');
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(map).entrySet()) {
            appendString(out, e.getKey());
            out.append(':');
            append(out, e.getValue());
            out.append(',');
        }
        out.append('}');
    }

    private static void append(StringBuilder out, AttributeValue v) {
        switch (v.type()) {
            case S: out.append("S"); appendString(out, v.s()); break;
            case N: out.append("N").append(number(v.n())); break;
            case B: out.append("B").append(Base64.getEncoder().encodeToString(v.b().asByteArray())); break;
            case BOOL: out.append("BOOL").append(v.bool()); break;
            case NUL: out.append("NULL"); break;
            case SS: appendSet(out, "SS", new ArrayList<>(v.ss()), true); break;
            case NS: {
                List<String> ns = new ArrayList<>();
                v.ns().forEach(n -> ns.add(number(n)));
                appendSet(out, "NS", ns, false);
                break;
            }
            case BS: {
                List<String> bs = new ArrayList<>();
                v.bs().forEach(b -> bs.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                appendSet(out, "BS", bs, false);
                break;
            }
            case M: out.append("M"); appendMap(out, v.m()); break;
            case L:
                out.append("L[");
                for (AttributeValue e : v.l()) {
                    append(out, e);
                    out.append(',');
                }
                out.append(']');
                break;
            default: throw new IllegalArgumentException("Unknown attribute type " + v.type());
        }
    }

    private static void appendSet(StringBuilder out, String tag, List<String> members, boolean quote) {
        members.sort(null);
        out.append(tag).append('[');
        for (String m : members) {
            if (quote) {
                appendString(out, m);
            } else {
                out.append(m);
            }
            out.append(',');
        }
        out.append(']');
    }

    private static String number(String n) {
        return new BigDecimal(n).stripTrailingZeros().toPlainString();
    }

    private static void appendString(StringBuilder out, String s) {
        out.append(s.length()).append('"').append(s).append('"');
    }
}
