package dev.ddbbackup.stream;

import java.time.Duration;

/**
 * The event source mapping's settings, with Lambda's meaning: records per invocation, how long to
 * gather records before invoking, and how often a failing batch is retried (-1: until it succeeds,
 * the template's default; the poller never skips a record, it stops instead).
 *
 * @param pollInterval pause between polls of a shard that had nothing new (Lambda polls about 4
 *     times a second)
 * @param backoffBase backoff after a failed batch: doubles from the base up to the max
 */
public record PollerOptions(int batchSize, Duration batchingWindow, int maxRetries, Duration pollInterval,
        Duration backoffBase, Duration backoffMax, boolean startAtLatest) {

    public PollerOptions {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be between 1 and 10000");
        }
    }

    /** These settings, polled and backed off as Lambda does for DynamoDB streams (4 polls a second, 100 ms up to 10 s). */
    public static PollerOptions of(int batchSize, Duration batchingWindow, int maxRetries, boolean startAtLatest) {
        return new PollerOptions(batchSize, batchingWindow, maxRetries, Duration.ofMillis(250), Duration.ofMillis(100),
                Duration.ofSeconds(10), startAtLatest);
    }

    /** Backoff after a failed batch: doubles from the base up to the max. */
    public Duration backoff(int attempt) {
        long millis = backoffBase.toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }
}
