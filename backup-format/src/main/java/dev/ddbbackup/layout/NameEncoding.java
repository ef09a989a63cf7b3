package dev.ddbbackup.layout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for the parts of an object key that come from item data (plain-text key values
 * and tenant ids).
 *
 * <p>Only the characters that would make a name ambiguous are encoded: {@code %} (the escape
 * itself), {@code /} (the S3 "folder" separator), {@code |} (our hash/range separator),
 * {@code \} and control characters, as UTF-8 bytes in upper-case hex (RFC 3986, section 2.1). A
 * leading {@code _} is encoded too, because names starting with an underscore are reserved for
 * the layout itself ({@code _changes/}, {@code _quarantine/}, {@code _table.json},
 * {@code _no_tenant}). A whole value of {@code .} or {@code ..} is encoded too ({@code %2E},
 * {@code %2E%2E}): as a path segment it means "this folder" or "the parent folder" to every tool
 * that normalises paths (RFC 3986, section 5.2.4), which would read or write another object.
 * Everything else stays readable, so {@link #decode} recovers the value.
 */
public final class NameEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private NameEncoding() {
    }

    public static String encode(String value) {
        if (value.equals(".") || value.equals("..")) {
            return value.length() == 1 ? "%2E" : "%2E%2E";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean escape = c == '%' || c == '/' || c == '|' || c == '\\' || Character.isISOControl(c)
                    || (i == 0 && c == '_');
            if (escape && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escape) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    public static String decode(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                throw new IllegalArgumentException("Truncated percent escape in '" + name + "'");
            }
            bytes.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
