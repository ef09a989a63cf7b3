package dev.ddbbackup.layout;

import java.util.Base64;
import java.util.Objects;

/**
 * One scalar value of an item's primary key (or of a tenant column): its DynamoDB type and its
 * text. Binary values are held as standard base64, exactly as DynamoDB JSON writes them, so the
 * canonical key JSON is the same whichever model (Lambda events or SDK v2) the value came from.
 *
 * @param text S as is, N as the stream gives it, B as standard base64
 */
public record KeyValue(Type type, String text) {

    /** The DynamoDB scalar types a key attribute can have. */
    public enum Type { S, N, B }

    public KeyValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    public static KeyValue string(String value) {
        return new KeyValue(Type.S, value);
    }

    public static KeyValue number(String value) {
        return new KeyValue(Type.N, value);
    }

    /** A binary value, given as standard base64 (the DynamoDB JSON form). */
    public static KeyValue binaryBase64(String base64) {
        return new KeyValue(Type.B, base64);
    }

    public static KeyValue of(Type type, String text) {
        return new KeyValue(type, text);
    }

    /** The readable form used in plain-text file names: B becomes unpadded base64url. */
    public String plainText() {
        if (type != Type.B) {
            return text;
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "{\"" + type + "\":\"" + text + "\"}";
    }
}
