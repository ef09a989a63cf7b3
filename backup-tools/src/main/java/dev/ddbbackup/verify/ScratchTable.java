package dev.ddbbackup.verify;

import dev.ddbbackup.layout.TableDescriptionJson;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The drill's throw-away table: the backed-up table's definition (from {@code _table.json}) under
 * another name, on demand (so the drill is never throttled by provisioned capacity), deleted at
 * the end whatever happened.
 */
record ScratchTable(DynamoDbClient dynamoDb, String name) {

    static ScratchTable create(DynamoDbClient dynamoDb, TableDescriptionJson.Stored definition, String name) {
        CreateTableRequest stored = definition.createTable(name);
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (GlobalSecondaryIndex i : stored.globalSecondaryIndexes()) {
            indexes.add(i.toBuilder().provisionedThroughput((software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput) null).build());
        }
        CreateTableRequest.Builder request = stored.toBuilder()
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .provisionedThroughput((software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput) null);
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        dynamoDb.createTable(request.build());
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(name));
        return new ScratchTable(dynamoDb, name);
    }

    /** Deletes the table; returns whether it is gone (true also when it was already). */
    boolean delete() {
        try {
            dynamoDb.deleteTable(b -> b.tableName(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
