package dev.ddbbackup.restore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Whether two table references (a name, or an ARN: DynamoDB accepts both as TableName) are the
 * same table: compared by the ARN DescribeTable gives for each, so a name, an ARN, another
 * account's or region's spelling cannot pass for a different table.
 */
public final class TableIdentity {

    private TableIdentity() {
    }

    /** What DescribeTable said: the ARN, no such table, or not allowed to ask. */
    private static final String NOT_FOUND = "";
    private static final String DENIED = null;

    /**
     * @return true when both resolve to one table (or, where describing is denied, have one name);
     *     false when they differ or either does not exist
     */
    public static boolean sameTable(DynamoDbClient dynamoDb, String a, String b) {
        String arnA = arn(dynamoDb, a);
        String arnB = arn(dynamoDb, b);
        if (NOT_FOUND.equals(arnA) || NOT_FOUND.equals(arnB)) {
            return false;
        }
        if (arnA == DENIED || arnB == DENIED) {
            return nameOf(a).equals(nameOf(b));
        }
        return arnA.equals(arnB);
    }

    private static String arn(DynamoDbClient dynamoDb, String table) {
        try {
            return dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        } catch (ResourceNotFoundException e) {
            return NOT_FOUND;
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                return DENIED;
            }
            throw e;
        }
    }

    /** The table name of a name or an ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME}). */
    static String nameOf(String table) {
        int i = table.indexOf(":table/");
        if (table.startsWith("arn:") && i > 0) {
            String rest = table.substring(i + ":table/".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return table;
    }
}
