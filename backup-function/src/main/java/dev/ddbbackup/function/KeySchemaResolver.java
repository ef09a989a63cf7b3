package dev.ddbbackup.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The key-schema order (hash, then range) of a table, learnt with one DescribeTable per table per
 * container and cached. Only plain-text object names need it; the client is created on first use.
 */
public final class KeySchemaResolver {

    private final Supplier<DynamoDbClient> dynamoDb;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    public KeySchemaResolver(Supplier<DynamoDbClient> dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** Attribute names in key-schema order; throws if the table cannot be described (the record is retried). */
    public List<String> keySchema(String table) {
        return cache.computeIfAbsent(table, t -> order(dynamoDb.get().describeTable(b -> b.tableName(t)).table()));
    }

    static List<String> order(TableDescription table) {
        List<String> names = new ArrayList<>(2);
        for (KeyType type : new KeyType[] {KeyType.HASH, KeyType.RANGE}) {
            for (KeySchemaElement e : table.keySchema()) {
                if (e.keyType() == type) {
                    names.add(e.attributeName());
                }
            }
        }
        return Collections.unmodifiableList(names);
    }
}
