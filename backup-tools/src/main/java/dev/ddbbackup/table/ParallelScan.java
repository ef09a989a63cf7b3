package dev.ddbbackup.table;

import dev.ddbbackup.concurrent.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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
    public static final class Stats {
        public final long items;
        public final long pages;
        public final double consumedReadCapacity;

        Stats(long items, long pages, double consumedReadCapacity) {
            this.items = items;
            this.pages = pages;
            this.consumedReadCapacity = consumedReadCapacity;
        }
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

    /** Scans every segment; the first failure (of a page read or of the handler) stops all and is thrown. */
    public Stats run(PageHandler handler) throws Exception {
        AtomicLong items = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        DoubleAdder consumed = new DoubleAdder();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 64), DaemonThreads.named("scan"));
        try {
            List<Future<?>> futures = new ArrayList<>(segments);
            for (int s = 0; s < segments; s++) {
                int segment = s;
                futures.add(pool.submit(() -> {
                    scanSegment(segment, handler, items, pages, consumed, stop);
                    return null;
                }));
            }
            Exception first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    stop.set(true);
                    if (first == null) {
                        first = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
            return new Stats(items.get(), pages.get(), consumed.sum());
        } finally {
            pool.shutdownNow();
        }
    }

    private void scanSegment(int segment, PageHandler handler, AtomicLong items, AtomicLong pages, DoubleAdder consumed,
            AtomicBoolean stop) throws Exception {
        Map<String, AttributeValue> start = null;
        do {
            if (stop.get()) {
                return;
            }
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
