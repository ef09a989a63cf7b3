package dev.ddbbackup.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The time limits and retries an SDK client works with, chosen deliberately rather than left to
 * the SDK's defaults (which wait without limit for a stalled response). Two presets:
 * {@link #function()} for the Lambda function's small writes, {@link #tools()} for the command-line
 * tools' bulk transfers (snapshot files of 100 MB, change logs of thousands of lines).
 */
public final class Timeouts {

    private final Duration connect;
    private final Duration connectionAcquisition;
    private final Duration attempt;
    private final Duration call;
    private final int maxAttempts;
    private final Duration stall;

    private Timeouts(Builder b) {
        this.connect = Objects.requireNonNull(b.connect, "connect");
        this.connectionAcquisition = Objects.requireNonNull(b.connectionAcquisition, "connectionAcquisition");
        this.attempt = Objects.requireNonNull(b.attempt, "attempt");
        this.call = Objects.requireNonNull(b.call, "call");
        this.maxAttempts = b.maxAttempts;
        this.stall = b.stall;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * The function's clients. Items are at most 400 KB and S3 answers such requests in tens of
     * milliseconds; S3's performance guide advises retrying a small GET or PUT that has not
     * answered after about 2 seconds. An attempt gets 5 s (more than that guideline, so a merely
     * slow S3 does not make needless duplicate versions, and a stalled or reset connection is
     * still abandoned long before the Lambda timeout); a call gets at most 6 attempts with the
     * standard backoff and 30 s in all. The Lambda deadline cuts every call shorter when the
     * invocation has less time left (see {@code BatchProcessor}). Connecting to S3 inside a region
     * takes milliseconds: 2 s. A writer thread owns one of {@code WriteConcurrency} connections,
     * so waiting 10 s for a connection means they are all stuck.
     */
    public static Timeouts function() {
        return builder()
                .connect(Duration.ofSeconds(2))
                .connectionAcquisition(Duration.ofSeconds(10))
                .attempt(Duration.ofSeconds(5))
                .call(Duration.ofSeconds(30))
                .maxAttempts(6)
                .build();
    }

    /**
     * The tools' clients, which upload snapshot files of up to 100 MB and read large change logs
     * from laptops as well as from EC2: an attempt may take 5 minutes and a call 15, but a
     * connection that moves less than one byte a second for 60 seconds while a request is
     * outstanding (a stall) is closed and the attempt retried. S3 starts answering in well under a
     * second; the minute leaves room for self-hosted servers that are slow over a large listing
     * (moto took longer than 30 s over some of the restore benchmark's requests on a loaded
     * machine).
     */
    public static Timeouts tools() {
        return builder()
                .connect(Duration.ofSeconds(5))
                .connectionAcquisition(Duration.ofSeconds(60))
                .attempt(Duration.ofMinutes(5))
                .call(Duration.ofMinutes(15))
                .maxAttempts(6)
                .stall(Duration.ofSeconds(60))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().connect(connect).connectionAcquisition(connectionAcquisition).attempt(attempt).call(call)
                .maxAttempts(maxAttempts).stall(stall);
    }

    /** TCP connect timeout of a new connection. */
    public Duration connect() {
        return connect;
    }

    /** Longest wait for a free connection of the client's pool. */
    public Duration connectionAcquisition() {
        return connectionAcquisition;
    }

    /** Longest time one HTTP attempt may take ({@code apiCallAttemptTimeout}). */
    public Duration attempt() {
        return attempt;
    }

    /** Longest time a call may take, all attempts and backoff included ({@code apiCallTimeout}). */
    public Duration call() {
        return call;
    }

    /** Attempts per call (the first one included). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** A connection with an outstanding request that moves no byte for this long is closed. */
    public Optional<Duration> stall() {
        return Optional.ofNullable(stall);
    }

    @Override
    public String toString() {
        return "connect " + connect + ", connection acquisition " + connectionAcquisition + ", attempt " + attempt
                + ", call " + call + ", " + maxAttempts + " attempts" + (stall == null ? "" : ", stall " + stall);
    }

    /** Builder. */
    public static final class Builder {
        private Duration connect;
        private Duration connectionAcquisition;
        private Duration attempt;
        private Duration call;
        private int maxAttempts = 1;
        private Duration stall;

        private Builder() {
        }

        public Builder connect(Duration connect) {
            this.connect = connect;
            return this;
        }

        public Builder connectionAcquisition(Duration connectionAcquisition) {
            this.connectionAcquisition = connectionAcquisition;
            return this;
        }

        public Builder attempt(Duration attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder call(Duration call) {
            this.call = call;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Null: no stall detection below the attempt timeout. */
        public Builder stall(Duration stall) {
            this.stall = stall;
            return this;
        }

        public Timeouts build() {
            return new Timeouts(this);
        }
    }
}
