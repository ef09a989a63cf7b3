package dev.ddbbackup.local;

import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ItemKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A random but reproducible stream of item changes against a real table: inserts, overwrites,
 * updates, deletes, tenant moves; a few hot keys changed many times; binary, set, nested map and
 * list attributes. Every operation changes the item (DynamoDB sends no stream record for a write
 * that changes nothing), and the workload keeps the table's expected history per key, image by
 * image, so the backup can be checked against it.
 */
public final class Workload {

    public static final String HASH = "orderId";
    public static final String RANGE = "line";
    public static final String TENANT = "tenant";

    /** One change of one item, as the table saw it: the new image, or null for a delete. */
    public record Change(Map<String, AttributeValue> image) {

        public boolean isDelete() {
            return image == null;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int keys;
    private final int tenants;
    private final Random random;
    private final Map<ItemKey, Map<String, AttributeValue>> current = new HashMap<>();
    private final Map<ItemKey, List<Change>> history = new LinkedHashMap<>();
    private int tenantMoves;

    public Workload(DynamoDbClient dynamoDb, String table, int keys, int tenants, long seed) {
        if (keys < 1 || tenants < 1) {
            throw new IllegalArgumentException("keys and tenants must be at least 1");
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.keys = keys;
        this.tenants = tenants;
        this.random = new Random(seed);
    }

    /** Creates the table (hash + range key, NEW_AND_OLD_IMAGES stream) and returns its stream ARN. */
    public static String createTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName(HASH).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(RANGE).keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(HASH).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(RANGE).attributeType(ScalarAttributeType.N).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        return dynamoDb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    /** Runs one operation. */
    public void step() {
        int k = pickKey();
        Map<String, AttributeValue> key = key(k);
        ItemKey itemKey = DynamoJson.sdkKey(key);
        Map<String, AttributeValue> existing = current.get(itemKey);
        double dice = random.nextDouble();
        if (existing == null || dice < 0.30) {
            String tenant = existing == null ? randomTenant() : existing.get(TENANT).s();
            put(itemKey, item(key, tenant));
        } else if (dice < 0.65) {
            update(itemKey, key, "SET amount = :a, #s = :s ADD revision :one", Map.of(
                    ":a", AttributeValue.fromN(Integer.toString(random.nextInt(100_000))),
                    ":s", AttributeValue.fromS(STATUSES[random.nextInt(STATUSES.length)] + "-" + random.nextInt(1000)),
                    ":one", AttributeValue.fromN("1")), Map.of("#s", "status"));
        } else if (dice < 0.80 && tenants > 1) {
            String from = existing.get(TENANT).s();
            String to = from;
            while (to.equals(from)) {
                to = randomTenant();
            }
            update(itemKey, key, "SET #t = :t", Map.of(":t", AttributeValue.fromS(to)), Map.of("#t", TENANT));
            tenantMoves++;
        } else {
            dynamoDb.deleteItem(b -> b.tableName(table).key(key));
            current.remove(itemKey);
            record(itemKey, null);
        }
    }

    /** Every key the workload touched, with its changes in order. */
    public Map<ItemKey, List<Change>> history() {
        return Collections.unmodifiableMap(history);
    }

    public int tenantMoves() {
        return tenantMoves;
    }

    public long changes() {
        return history.values().stream().mapToLong(List::size).sum();
    }

    private static final String[] STATUSES = {"NEW", "PAID", "PACKED", "SHIPPED", "RETURNED"};

    private void put(ItemKey itemKey, Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(table).item(item));
        current.put(itemKey, item);
        record(itemKey, item);
    }

    private void update(ItemKey itemKey, Map<String, AttributeValue> key, String expression,
            Map<String, AttributeValue> values, Map<String, String> names) {
        Map<String, AttributeValue> after = dynamoDb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression(expression).expressionAttributeValues(values).expressionAttributeNames(names)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        current.put(itemKey, after);
        record(itemKey, after);
    }

    private void record(ItemKey key, Map<String, AttributeValue> image) {
        history.computeIfAbsent(key, k -> new ArrayList<>()).add(new Change(image));
    }

    /** A third of the operations go to the hottest 5% of keys, so some keys change many times. */
    private int pickKey() {
        int hot = Math.max(1, keys / 20);
        return random.nextDouble() < 0.33 ? random.nextInt(hot) : random.nextInt(keys);
    }

    private String randomTenant() {
        return tenant(random.nextInt(tenants));
    }

    /** The name of tenant {@code t} (0 to tenants - 1). */
    static String tenant(int t) {
        return "tenant-" + t;
    }

    static Map<String, AttributeValue> key(int k) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(HASH, AttributeValue.fromS("order-" + (k / 3)));
        key.put(RANGE, AttributeValue.fromN(Integer.toString(k % 3 + 1)));
        return key;
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key, String tenant) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key);
        item.put(TENANT, AttributeValue.fromS(tenant));
        item.put("status", AttributeValue.fromS(STATUSES[random.nextInt(STATUSES.length)]));
        item.put("amount", AttributeValue.fromN(random.nextInt(100_000) + "." + random.nextInt(100)));
        byte[] payload = new byte[16 + random.nextInt(48)];
        random.nextBytes(payload);
        item.put("payload", AttributeValue.fromB(SdkBytes.fromByteArray(payload)));
        item.put("tags", AttributeValue.fromSs(List.of("tag-" + random.nextInt(5), "tag-" + (5 + random.nextInt(5)))));
        item.put("scores", AttributeValue.fromNs(List.of(Integer.toString(random.nextInt(10)), Integer.toString(10 + random.nextInt(10)))));
        item.put("gift", AttributeValue.fromBool(random.nextBoolean()));
        item.put("note", AttributeValue.fromNul(true));
        item.put("shipping", AttributeValue.fromM(Map.of(
                "city", AttributeValue.fromS("City " + random.nextInt(50)),
                "geo", AttributeValue.fromM(Map.of("lat", AttributeValue.fromN(Integer.toString(random.nextInt(90))),
                        "lon", AttributeValue.fromN(Integer.toString(random.nextInt(180))))))));
        item.put("lines", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("sku", AttributeValue.fromS("sku-" + random.nextInt(100)),
                        "qty", AttributeValue.fromN(Integer.toString(1 + random.nextInt(5))))),
                AttributeValue.fromS("gift-wrap"),
                AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) random.nextInt(256)}))))));
        return item;
    }
}
