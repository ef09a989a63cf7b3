package dev.ddbbackup.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits and retries an SDK client works with, chosen deliberately rather than left to
 * the SDK's defaults (which wait without limit for a stalled response). Two presets:
 * {@link #function()} for the Lambda function's small writes, {@link #tools()} for the command-line
 * tools' bulk transfers (snapshot files of 100 MB, change logs of thousands of lines).
 *
 * @param connect TCP connect timeout of a new connection
 * @param connectionAcquisition longest wait for a free connection of the client's pool
 * @param attempt longest time one HTTP attempt may take ({@code apiCallAttemptTimeout})
 * @param call longest time a call may take, all attempts and backoff included ({@code apiCallTimeout})
 * @param maxAttempts attempts per call (the first one included)
 * @param stall a connection with an outstanding request that moves no byte for this long is closed;
 *     null: no stall detection below the attempt timeout
 */
public record Timeouts(Duration connect, Duration connectionAcquisition, Duration attempt, Duration call,
        int maxAttempts, Duration stall) {

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(connectionAcquisition, "connectionAcquisition");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(call, "call");
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
        return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30),
                6, null);
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
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(15),
                6, Duration.ofSeconds(60));
    }

    /** These limits with another stall timeout (null: none). */
    public Timeouts withStall(Duration stall) {
        return new Timeouts(connect, connectionAcquisition, attempt, call, maxAttempts, stall);
    }

    @Override
    public String toString() {
        return "connect " + connect + ", connection acquisition " + connectionAcquisition + ", attempt " + attempt
                + ", call " + call + ", " + maxAttempts + " attempts" + (stall == null ? "" : ", stall " + stall);
    }
}
