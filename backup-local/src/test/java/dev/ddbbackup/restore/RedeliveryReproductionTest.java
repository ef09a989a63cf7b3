package dev.ddbbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The findings of issue 10 as a new user met them, with the command line against the local
 * servers: a batch delivered twice (Lambda delivers at least once) must not make a later restore
 * stale, nor bring a deleted item back.
 */
class RedeliveryReproductionTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    /**
     * The backed-up table (the session used Orders; other test classes have an Orders table
     * of another key schema in the shared DynamoDB Local, whose description invoke would record).
     */
    private static final String SOURCE = "RedeliveredOrders";

    @TempDir
    Path dir;

    /** {@code invoke --event e1; invoke --event e1; invoke --event e2} then {@code restore --to now}: x = {v:2}. */
    @Test
    void aBatchDeliveredTwiceThenAModifyRestoresTheModify() throws IOException {
        String bucket = "redelivery-modify";
        LocalS3.createVersionedBucket(LocalServers.s3(), bucket);
        Path e1 = event("e1.json", record("e1", "INSERT", 1763596800L, "100", "{\"id\":{\"S\":\"x\"},\"v\":{\"N\":\"1\"}}", null));
        Path e2 = event("e2.json", record("e2", "MODIFY", 1763596860L, "200", "{\"id\":{\"S\":\"x\"},\"v\":{\"N\":\"2\"}}",
                "{\"id\":{\"S\":\"x\"},\"v\":{\"N\":\"1\"}}"));
        invoke(e1, bucket);
        invoke(e1, bucket);
        invoke(e2, bucket);

        Cli.Run history = Cli.local("history", "--bucket", bucket, "--table", SOURCE, "--key", "{\"id\":{\"S\":\"x\"}}", "--json");
        assertThat(history.exit).as(history.toString()).isZero();
        List<String> rows = new ArrayList<>();
        for (JsonNode row : history.json()) {
            rows.add(row.get("time").asText() + " " + row.get("event").asText() + " " + row.get("action").asText() + " "
                    + row.get("sequenceNumber").asText() + " " + row.get("status").asText() + " " + row.get("origin").asText());
        }
        // Both deliveries of e1 are the one change e1, at its stream time; the second is marked redundant.
        assertThat(rows).containsExactly(
                "2025-11-20T00:00:00Z INSERT PUT 100 applied change-log",
                "2025-11-20T00:00:00Z INSERT PUT 100 redundant change-log",
                "2025-11-20T00:01:00Z MODIFY PUT 200 applied change-log");

        String target = newTable();
        Cli.Run restore = Cli.local("restore", "--bucket", bucket, "--table", SOURCE, "--to", "now",
                "--target-table", target, "--no-progress");
        assertThat(restore.exit).as(restore.toString()).isZero();
        assertThat(contents(target)).containsExactly(Map.entry("x", "2"));
    }

    /** The same with a REMOVE after the redelivered INSERT: the deleted item stays deleted. */
    @Test
    void aBatchDeliveredTwiceThenARemoveRestoresNothing() throws IOException {
        String bucket = "redelivery-remove";
        LocalS3.createVersionedBucket(LocalServers.s3(), bucket);
        Path e1 = event("e1.json", record("e1", "INSERT", 1763596800L, "100", "{\"id\":{\"S\":\"x\"},\"v\":{\"N\":\"1\"}}", null));
        Path e2 = event("e2.json", record("e2", "REMOVE", 1763596860L, "200", null, "{\"id\":{\"S\":\"x\"},\"v\":{\"N\":\"1\"}}"));
        invoke(e1, bucket);
        invoke(e1, bucket);
        invoke(e2, bucket);

        String target = newTable();
        DynamoDbClient dynamoDb = LocalServers.dynamoDb();
        dynamoDb.putItem(b -> b.tableName(target).item(Map.of("id", AttributeValue.fromS("x"), "v", AttributeValue.fromN("9"))));
        // Nothing to put, one item to delete: a restore that would leave the scope empty says so first.
        Cli.Run refused = Cli.local("restore", "--bucket", bucket, "--table", SOURCE, "--to", "now",
                "--target-table", target, "--no-progress");
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err).contains("--allow-delete-all");
        assertThat(contents(target)).containsExactly(Map.entry("x", "9"));

        Cli.Run restore = Cli.local("restore", "--bucket", bucket, "--table", SOURCE, "--to", "now",
                "--target-table", target, "--allow-delete-all", "--no-progress");
        assertThat(restore.exit).as(restore.toString()).isZero();
        assertThat(contents(target)).isEmpty();
        // And as of the time between INSERT and REMOVE, the item is there with v = 1.
        Cli.Run before = Cli.local("restore", "--bucket", bucket, "--table", SOURCE, "--to", "2025-11-20T00:00:30Z",
                "--target-table", target, "--no-progress");
        assertThat(before.exit).as(before.toString()).isZero();
        assertThat(contents(target)).containsExactly(Map.entry("x", "1"));
    }

    private Path event(String name, String record) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "{\"Records\":[" + record + "]}");
        return file;
    }

    static String record(String eventId, String eventName, long epochSeconds, String sequence, String newImage,
            String oldImage) {
        return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"" + eventName + "\",\"eventVersion\":\"1.1\","
                + "\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":" + epochSeconds + ",\"Keys\":{\"id\":{\"S\":\"x\"}},"
                + (newImage == null ? "" : "\"NewImage\":" + newImage + ",")
                + (oldImage == null ? "" : "\"OldImage\":" + oldImage + ",")
                + "\"SequenceNumber\":\"" + sequence + "\",\"SizeBytes\":20,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},"
                + "\"eventSourceARN\":\"arn:aws:dynamodb:us-east-1:123456789012:table/" + SOURCE
                + "/stream/2025-11-20T00:00:00.000\"}";
    }

    private static void invoke(Path event, String bucket) {
        Cli.Run run = Cli.local("invoke", "--event", event.toString(), "--bucket", bucket);
        assertThat(run.exit).as(run.toString()).isZero();
    }

    /** A table keyed by {@code id} (S) alone, like the reproduction's. */
    private static String newTable() {
        String name = "Redelivery" + RUNS.incrementAndGet();
        LocalServers.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        return name;
    }

    /** id -> v of every item. */
    private static Map<String, String> contents(String table) {
        Map<String, String> out = new TreeMap<>();
        LocalServers.dynamoDb().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(i -> out.put(i.get("id").s(), i.get("v").n()));
        return out;
    }
}
