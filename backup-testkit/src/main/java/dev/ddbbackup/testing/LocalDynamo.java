package dev.ddbbackup.testing;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, in memory, as an HTTP server in this JVM (not the proxy-only embedded mode, so that
 * clients are built by the production {@link AwsClients} factory, interceptors included), and helpers
 * for its tables. One shared server per test JVM ({@link #endpoint()}), started on first use and dying
 * with the JVM; {@link #startServer()} starts one more for a test that wants its own.
 */
public final class LocalDynamo {

    private static URI shared;
    private static DynamoDbClient sharedClient;

    private LocalDynamo() {
    }

    /** The shared server of this JVM, started on first use. */
    public static synchronized URI endpoint() {
        if (shared == null) {
            try {
                shared = startServer();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return shared;
    }

    /** DynamoDB Local as an in-memory HTTP server of its own; returns its endpoint. */
    public static URI startServer() throws Exception {
        int port = MotoServer.freePort();
        // Quiet start-up banner; no telemetry (it calls home and writes dynamodb-local-metadata.json
        // into the module directory).
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
        } finally {
            System.setOut(out);
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    private static ClientSettings settings(URI endpoint, ExecutionInterceptor... interceptors) {
        return LocalServers.clientSettings(b -> b.dynamoDbEndpoint(endpoint), interceptors);
    }

    /** A client of the shared server with the given interceptors (a new one each call). */
    public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return AwsClients.dynamoDb(settings(endpoint(), interceptors));
    }

    /** A client of the shared server without interceptors, shared too. */
    public static synchronized DynamoDbClient client() {
        if (sharedClient == null) {
            sharedClient = client(new ExecutionInterceptor[0]);
        }
        return sharedClient;
    }

    /** A client for a server started by {@link #startServer}, built by the production factory. */
    public static DynamoDbClient client(URI endpoint) {
        return AwsClients.dynamoDb(settings(endpoint));
    }

    /**
     * An on-demand table of the shared server with a string hash key and, when {@code range} is not
     * null, a number range key.
     */
    public static void createTable(String table, String hash, String range) {
        createTable(client(), table, hash, range);
    }

    /** A table keyed by {@code id} (S) and {@code range} (N), on demand. */
    public static void createTable(DynamoDbClient dynamoDb, String table) {
        createTable(dynamoDb, table, "id", "range");
    }

    private static void createTable(DynamoDbClient dynamoDb, String table, String hash, String range) {
        dynamoDb.createTable(b -> {
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

    /** Writes items with BatchWriteItem, 25 at a time. */
    public static void putAll(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        List<WriteRequest> batch = new ArrayList<>(25);
        for (Map<String, AttributeValue> item : items) {
            batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (batch.size() == 25) {
                flush(dynamoDb, table, batch);
            }
        }
        flush(dynamoDb, table, batch);
    }

    private static void flush(DynamoDbClient dynamoDb, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, new ArrayList<>(batch));
        batch.clear();
        while (!pending.isEmpty()) {
            var r = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build());
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }

    public static List<Map<String, AttributeValue>> scanAll(DynamoDbClient dynamoDb, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    public static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    public static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }
}
