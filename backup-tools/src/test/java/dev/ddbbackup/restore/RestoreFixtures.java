package dev.ddbbackup.restore;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local over HTTP (so the command line can reach it too) and table helpers. */
final class RestoreFixtures {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private RestoreFixtures() {
    }

    static URI startDynamoDbLocal() throws Exception {
        URI endpoint = LocalDynamo.startServer();
        LocalServers.credentialsForCommandLines();
        return endpoint;
    }

    static DynamoDbClient dynamoDb(URI endpoint) {
        return LocalDynamo.client(endpoint);
    }

    /** A table keyed by id (S) and range (N). */
    static void createTable(DynamoDbClient dynamoDb, String table) {
        LocalDynamo.createTable(dynamoDb, table);
    }

    /** Table contents as canonical key JSON -> canonical item JSON. */
    static Map<String, String> contents(DynamoDbClient dynamoDb, String table) {
        Map<String, String> out = new TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(table)).items().forEach(item -> out.put(
                DynamoJson.sdkKey(Map.of("id", item.get("id"), "range", item.get("range"))).canonicalJson(),
                DynamoJson.sdkItemToJson(item)));
        return out;
    }

    /** Writes model state (canonical key -> event image) into a table. */
    static void fill(DynamoDbClient dynamoDb, String table, Map<String, Map<String, AttributeValue>> state) {
        List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = new ArrayList<>();
        for (Map<String, AttributeValue> image : state.values()) {
            var item = ItemImages.toItem(DynamoJson.eventItemToBytes(image));
            batch.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (batch.size() == 25) {
                List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> send = batch;
                dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> send = batch;
            dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
        }
    }

    /** Expected table contents for a model state: images without aws:rep:* attributes. */
    static Map<String, String> expected(Map<String, Map<String, AttributeValue>> state) {
        Map<String, String> out = new TreeMap<>();
        state.forEach((key, image) -> out.put(key,
                DynamoJson.sdkItemToJson(ItemImages.toItem(DynamoJson.eventItemToBytes(image)))));
        return out;
    }

    /** Runs the command line, returning exit code and stdout. */
    static Result cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = dev.ddbbackup.cli.Main.run(args);
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }

    /** Exit code and output of a command line. */
    static final class Result {
        final int code;
        final String out;

        Result(int code, String out) {
            this.code = code;
            this.out = out;
        }

        @Override
        public String toString() {
            return "exit " + code + ":\n" + out;
        }
    }
}
