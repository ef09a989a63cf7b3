package dev.ddbbackup.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;

/** DynamoDB Local in-process (no HTTP), one instance per test JVM, started on first use. */
public final class LocalDynamoDb {

    private static DynamoDbClient client;

    private LocalDynamoDb() {
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDBEmbedded.create().dynamoDbClient();
        }
        return client;
    }

    /** Creates an on-demand table with a string hash key and, when {@code range} is not null, a number range key. */
    public static void createTable(String table, String hash, String range) {
        client().createTable(b -> {
            b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST);
            if (range == null) {
                b.keySchema(k -> k.attributeName(hash).keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName(hash).attributeType(ScalarAttributeType.S));
            } else {
                b.keySchema(k -> k.attributeName(hash).keyType(KeyType.HASH), k -> k.attributeName(range).keyType(KeyType.RANGE))
                        .attributeDefinitions(a -> a.attributeName(hash).attributeType(ScalarAttributeType.S),
                                a -> a.attributeName(range).attributeType(ScalarAttributeType.N));
            }
        });
    }
}
