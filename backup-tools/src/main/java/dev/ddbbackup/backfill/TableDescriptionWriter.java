package dev.ddbbackup.backfill;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.s3.S3Writer;
import java.util.Arrays;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * Keeps {@code {prefix}/{table}/_table.json} current from the tool's side (the function records it
 * too, on a table's first batch): writes a new version only when the table's definition differs
 * from the stored one (the format is byte-stable for an unchanged table).
 */
final class TableDescriptionWriter {

    private final DynamoDbClient dynamoDb;
    private final S3Writer writer;
    private final BackupLayout layout;

    TableDescriptionWriter(DynamoDbClient dynamoDb, S3Writer writer, BackupLayout layout) {
        this.dynamoDb = dynamoDb;
        this.writer = writer;
        this.layout = layout;
    }

    /** Returns whether a new version was written. */
    boolean write(TableDescription table) {
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(table.tableName())).timeToLiveDescription();
        byte[] json = TableDescriptionJson.write(table, ttl);
        String key = layout.tableDescriptionKey(table.tableName());
        if (Arrays.equals(writer.readIfExists(key), json)) {
            return false;
        }
        writer.putJson(key, json);
        return true;
    }
}
