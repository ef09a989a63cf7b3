package dev.ddbbackup.restore;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes requests with BatchWriteItem, 25 per call. UnprocessedItems (throttling, partition
 * limits) are sent again after an exponential backoff with full jitter; the write capacity of
 * each call is taken from the {@link WriteRateLimiter} first. Thread-safe.
 */
public final class BatchWriter {

    public static final int MAX_BATCH = 25;
    private static final int MAX_ATTEMPTS = 12;
    private static final long BASE_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final WriteRateLimiter limiter;
    private final AtomicLong writeUnits = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public BatchWriter(DynamoDbClient dynamoDb, String table, WriteRateLimiter limiter) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.limiter = limiter;
    }

    /** One write and its capacity units. */
    public record Write(WriteRequest request, int units) {
    }

    /** Writes one batch of at most {@link #MAX_BATCH}, retrying unprocessed items until done. */
    public void writeBatch(List<Write> batch) throws InterruptedException {
        if (batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("At most " + MAX_BATCH + " writes per batch");
        }
        // Unprocessed items come back as other objects: a retried write is counted as 1 unit.
        Map<WriteRequest, Integer> unitsOf = new IdentityHashMap<>();
        batch.forEach(w -> unitsOf.put(w.request, w.units));
        List<WriteRequest> pending = batch.stream().map(Write::request).toList();
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " writes to " + table + " still unprocessed after "
                            + MAX_ATTEMPTS + " attempts");
                }
                long cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt, 16));
                Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
            }
            int units = pending.stream().mapToInt(r -> unitsOf.getOrDefault(r, 1)).sum();
            limiter.acquire(units);
            writeUnits.addAndGet(units);
            calls.incrementAndGet();
            final List<WriteRequest> send = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
            pending = response.hasUnprocessedItems() && response.unprocessedItems().containsKey(table)
                    ? response.unprocessedItems().get(table) : List.of();
        }
    }

    public long writeUnits() {
        return writeUnits.get();
    }

    public long calls() {
        return calls.get();
    }

    public long retries() {
        return retries.get();
    }
}
