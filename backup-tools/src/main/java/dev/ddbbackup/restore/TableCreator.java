package dev.ddbbackup.restore;

import dev.ddbbackup.layout.TableDescriptionJson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Creates a restore target from the backup's {@code _table.json} and waits until it is ACTIVE. */
public final class TableCreator {

    private TableCreator() {
    }

    public static boolean exists(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** Creates {@code table} with the stored key schema, indexes, billing and TTL setting. */
    public static void create(DynamoDbClient dynamoDb, TableDescriptionJson.Stored description, String table) {
        if (exists(dynamoDb, table)) {
            throw new IllegalArgumentException("Table " + table + " already exists; --create-table only creates new tables");
        }
        dynamoDb.createTable(description.createTable(table));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        if (description.ttlAttribute() != null) {
            dynamoDb.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(description.ttlAttribute()).enabled(true)));
        }
    }
}
