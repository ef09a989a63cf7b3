package dev.ddbbackup.restore;

/**
 * A token bucket of write capacity units: at most {@code unitsPerSecond} on average, bursts up to
 * one second's worth, so a restore into a live table leaves capacity for its traffic.
 */
public final class WriteRateLimiter {

    private final double unitsPerSecond;
    private double tokens;
    private long last = System.nanoTime();

    private WriteRateLimiter(double unitsPerSecond) {
        this.unitsPerSecond = unitsPerSecond;
        this.tokens = unitsPerSecond;
    }

    /** A limiter of {@code unitsPerSecond}, or an unlimited one when it is 0 or less. */
    public static WriteRateLimiter of(double unitsPerSecond) {
        return new WriteRateLimiter(unitsPerSecond);
    }

    public boolean limited() {
        return unitsPerSecond > 0;
    }

    /** Waits until {@code units} may be spent (a request larger than the burst waits for a full bucket). */
    public void acquire(int units) throws InterruptedException {
        if (!limited()) {
            return;
        }
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(unitsPerSecond, tokens + (now - last) / 1e9 * unitsPerSecond);
                last = now;
                double needed = Math.min(units, unitsPerSecond);
                if (tokens >= needed) {
                    tokens -= units;
                    return;
                }
                waitNanos = (long) ((needed - tokens) / unitsPerSecond * 1e9);
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000));
        }
    }
}
