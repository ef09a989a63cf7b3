package dev.ddbbackup.function;

import dev.ddbbackup.layout.TableDescriptionJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table's description and its key-schema order (hash, then range), learnt with one
 * DescribeTable per table per container and cached. Plain-text object names need the key schema
 * and {@link TableDescriptionRecorder} needs the description: both share the one call. The client
 * is created on first use.
 */
public final class KeySchemaResolver {

    private final Supplier<DynamoDbClient> dynamoDb;
    private final Map<String, TableDescription> descriptions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> keySchemas = new ConcurrentHashMap<>();

    public KeySchemaResolver(Supplier<DynamoDbClient> dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** Attribute names in key-schema order; throws if the table cannot be described (the record is retried). */
    public List<String> keySchema(String table) {
        return keySchemas.computeIfAbsent(table, t -> order(describe(t)));
    }

    /** The table's description (DescribeTable, once per table while it succeeds); throws on failure. */
    public TableDescription describe(String table) {
        return descriptions.computeIfAbsent(table, t -> dynamoDb.get().describeTable(b -> b.tableName(t)).table());
    }

    /** The client the descriptions come from (built on first use). */
    DynamoDbClient client() {
        return dynamoDb.get();
    }

    static List<String> order(TableDescription table) {
        return TableDescriptionJson.keyOrder(table.keySchema());
    }
}
