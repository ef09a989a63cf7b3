package dev.ddbbackup.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts items into a table with BatchWriteItem, 25 at a time, retrying unprocessed items with
 * backoff. One writer per thread.
 */
public final class BatchWriter implements AutoCloseable {

    private static final int BATCH = 25;
    private static final int MAX_ROUNDS = 12;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<WriteRequest> pending = new ArrayList<>(BATCH);
    private long written;

    public BatchWriter(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public void put(Map<String, AttributeValue> item) throws InterruptedException {
        pending.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        if (pending.size() == BATCH) {
            flush();
        }
    }

    public long written() {
        return written;
    }

    private void flush() throws InterruptedException {
        List<WriteRequest> requests = new ArrayList<>(pending);
        pending.clear();
        for (int round = 0; !requests.isEmpty(); round++) {
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException(requests.size() + " items still unprocessed by BatchWriteItem after "
                        + MAX_ROUNDS + " rounds (table " + table + " throttled?)");
            }
            if (round > 0) {
                Thread.sleep(Math.min(2_000, 50L << round));
            }
            int attempted = requests.size();
            BatchWriteItemResponse r = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder()
                    .requestItems(Map.of(table, requests)).build());
            requests = r.hasUnprocessedItems() && r.unprocessedItems().containsKey(table)
                    ? new ArrayList<>(r.unprocessedItems().get(table)) : List.of();
            written += attempted - requests.size();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!pending.isEmpty()) {
            flush();
        }
    }
}
