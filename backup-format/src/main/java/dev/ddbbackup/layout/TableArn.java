package dev.ddbbackup.layout;

/** Reads the table name out of a stream's ARN. */
public final class TableArn {

    private TableArn() {
    }

    /**
     * The table name of {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL} (or of a
     * table ARN without the stream part).
     *
     * @throws IllegalArgumentException if the ARN is not a DynamoDB table or stream ARN
     */
    public static String tableName(String eventSourceArn) {
        if (eventSourceArn == null || eventSourceArn.isEmpty()) {
            throw new IllegalArgumentException("eventSourceARN is missing");
        }
        String[] parts = eventSourceArn.split(":", 6);
        if (parts.length < 6 || !"arn".equals(parts[0]) || !"dynamodb".equals(parts[2])
                || !parts[5].startsWith("table/")) {
            throw new IllegalArgumentException("Not a DynamoDB stream ARN: " + eventSourceArn);
        }
        String resource = parts[5].substring("table/".length());
        int slash = resource.indexOf('/');
        String table = slash < 0 ? resource : resource.substring(0, slash);
        if (table.isEmpty()) {
            throw new IllegalArgumentException("No table name in ARN: " + eventSourceArn);
        }
        if (!isTableName(table)) {
            throw new IllegalArgumentException("Not a DynamoDB table name in ARN: " + eventSourceArn);
        }
        return table;
    }

    /**
     * DynamoDB's naming rule: 3 to 255 characters of {@code a-z A-Z 0-9 _ - .}. So a table name is
     * never {@code .} or {@code ..}, and never needs encoding as a path segment of an object key.
     */
    public static boolean isTableName(String name) {
        return name != null && TABLE_NAME.matcher(name).matches();
    }

    private static final java.util.regex.Pattern TABLE_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
}
