package dev.ddbbackup.stream;

import java.time.Duration;

/**
 * The event source mapping's settings, with Lambda's meaning: records per invocation, how long to
 * gather records before invoking, and how often a failing batch is retried (-1: until it succeeds,
 * the template's default; the poller never skips a record, it stops instead).
 */
public final class PollerOptions {

    private final int batchSize;
    private final Duration batchingWindow;
    private final int maxRetries;
    private final Duration pollInterval;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final boolean startAtLatest;

    private PollerOptions(Builder b) {
        if (b.batchSize < 1 || b.batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be between 1 and 10000");
        }
        this.batchSize = b.batchSize;
        this.batchingWindow = b.batchingWindow;
        this.maxRetries = b.maxRetries;
        this.pollInterval = b.pollInterval;
        this.backoffBase = b.backoffBase;
        this.backoffMax = b.backoffMax;
        this.startAtLatest = b.startAtLatest;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration batchingWindow() {
        return batchingWindow;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Pause between polls of a shard that had nothing new (Lambda polls about 4 times a second). */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Backoff after a failed batch: doubles from the base up to the max. */
    public Duration backoff(int attempt) {
        long millis = backoffBase.toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }

    public boolean startAtLatest() {
        return startAtLatest;
    }

    /** Builder with Lambda's defaults for DynamoDB streams (batch 100, no window, retry forever). */
    public static final class Builder {
        private int batchSize = 100;
        private Duration batchingWindow = Duration.ZERO;
        private int maxRetries = -1;
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration backoffBase = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(10);
        private boolean startAtLatest;

        private Builder() {
        }

        public Builder batchSize(int v) { this.batchSize = v; return this; }
        public Builder batchingWindow(Duration v) { this.batchingWindow = v; return this; }
        public Builder maxRetries(int v) { this.maxRetries = v; return this; }
        public Builder pollInterval(Duration v) { this.pollInterval = v; return this; }
        public Builder backoff(Duration base, Duration max) { this.backoffBase = base; this.backoffMax = max; return this; }
        public Builder startAtLatest(boolean v) { this.startAtLatest = v; return this; }

        public PollerOptions build() {
            return new PollerOptions(this);
        }
    }
}
