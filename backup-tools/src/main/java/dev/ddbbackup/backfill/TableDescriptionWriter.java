package dev.ddbbackup.backfill;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.s3.S3Writer;
import java.util.Arrays;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Keeps {@code {prefix}/{table}/_table.json} current: writes a new version only when the table's
 * definition differs from the stored one (the format is byte-stable for an unchanged table).
 */
final class TableDescriptionWriter {

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final S3Writer writer;
    private final BackupLayout layout;

    TableDescriptionWriter(DynamoDbClient dynamoDb, S3Client s3, S3Writer writer, BackupLayout layout) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.writer = writer;
        this.layout = layout;
    }

    /** Returns whether a new version was written. */
    boolean write(TableDescription table) {
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(table.tableName())).timeToLiveDescription();
        byte[] json = TableDescriptionJson.write(table, ttl);
        String key = layout.tableDescriptionKey(table.tableName());
        byte[] stored;
        try {
            stored = s3.getObjectAsBytes(b -> b.bucket(writer.bucket()).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            stored = null;
        }
        if (Arrays.equals(stored, json)) {
            return false;
        }
        writer.putJson(key, json);
        return true;
    }
}
