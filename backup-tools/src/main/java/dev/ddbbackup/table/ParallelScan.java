package dev.ddbbackup.table;

import dev.ddbbackup.backup.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A parallel, strongly consistent Scan of a whole table: {@code segments} threads, one per Scan
 * segment, each handing its pages to a {@link PageHandler} as they arrive. Memory is bounded by
 * one page (at most 1 MB) per segment. With a {@link ReadCapacityLimiter} the scan keeps under a
 * read-capacity budget, measured from the {@code ConsumedCapacity} DynamoDB returns.
 */
public final class ParallelScan {

    /** Receives the pages of one segment, on that segment's thread. */
    @FunctionalInterface
    public interface PageHandler {
        void page(int segment, List<Map<String, AttributeValue>> items) throws Exception;
    }

    /** What the scan read. */
    public record Stats(long items, long pages, double consumedReadCapacity) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int segments;
    private final ReadCapacityLimiter limiter;

    /** @param limiter null for no read-capacity cap */
    public ParallelScan(DynamoDbClient dynamoDb, String table, int segments, ReadCapacityLimiter limiter) {
        if (segments < 1 || segments > 1_000_000) {
            throw new IllegalArgumentException("--segments must be between 1 and 1000000, was " + segments);
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.segments = segments;
        this.limiter = limiter;
    }

    /** Scans every segment; the first failure (of a page read or of the handler) cancels the rest and is thrown. */
    public Stats run(PageHandler handler) {
        AtomicLong items = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        DoubleAdder consumed = new DoubleAdder();
        ExecutorService pool = Tasks.daemonPool("scan", Math.min(segments, 64));
        try {
            List<Future<?>> futures = new ArrayList<>(segments);
            for (int s = 0; s < segments; s++) {
                int segment = s;
                futures.add(pool.submit(() -> {
                    scanSegment(segment, handler, items, pages, consumed);
                    return null;
                }));
            }
            Tasks.awaitAll(futures);
            return new Stats(items.get(), pages.get(), consumed.sum());
        } finally {
            pool.shutdownNow();
        }
    }

    private void scanSegment(int segment, PageHandler handler, AtomicLong items, AtomicLong pages, DoubleAdder consumed)
            throws Exception {
        Map<String, AttributeValue> start = null;
        do {
            if (limiter != null) {
                limiter.acquire();
            }
            ScanRequest.Builder request = ScanRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .segment(segment)
                    .totalSegments(segments);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamoDb.scan(request.build());
            double units = page.consumedCapacity() == null || page.consumedCapacity().capacityUnits() == null
                    ? 0 : page.consumedCapacity().capacityUnits();
            consumed.add(units);
            if (limiter != null) {
                limiter.consumed(units);
            }
            pages.incrementAndGet();
            items.addAndGet(page.count() == null ? page.items().size() : page.count());
            handler.page(segment, page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }
}
