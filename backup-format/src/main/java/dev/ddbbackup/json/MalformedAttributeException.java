package dev.ddbbackup.json;

/** An attribute value that is not valid DynamoDB data (no type, two types, a bad base64 ...). */
public final class MalformedAttributeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedAttributeException(String path, String reason) {
        super("Malformed attribute value at " + path + ": " + reason);
    }
}
