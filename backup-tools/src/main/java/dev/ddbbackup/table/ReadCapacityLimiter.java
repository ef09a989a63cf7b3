package dev.ddbbackup.table;

/**
 * Keeps a parallel Scan under a read-capacity budget (RCU per second), shared by all segments.
 *
 * <p>DynamoDB only says what a page cost after it was read ({@code ConsumedCapacity}), so the
 * budget works as a debt: each page's units are charged when they are known, and no segment asks
 * for its next page until the debt is paid back at {@code unitsPerSecond}. The average rate stays
 * under the cap; a single page may overshoot it for a moment (a 1 MB strongly consistent page
 * costs up to 256 RCU).
 */
public final class ReadCapacityLimiter {

    private final double unitsPerSecond;
    private double balance;
    private long lastRefillNanos;

    public ReadCapacityLimiter(double unitsPerSecond) {
        if (!(unitsPerSecond > 0)) {
            throw new IllegalArgumentException("The read-capacity cap must be positive, was " + unitsPerSecond);
        }
        this.unitsPerSecond = unitsPerSecond;
        this.balance = unitsPerSecond;
        this.lastRefillNanos = System.nanoTime();
    }

    /** Blocks until the budget is not in debt. */
    public void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                if (balance > 0) {
                    return;
                }
                waitNanos = (long) (-balance / unitsPerSecond * 1e9) + 1_000_000;
            }
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    /** Charges what a page consumed. */
    public synchronized void consumed(double units) {
        refill();
        balance -= units;
    }

    private void refill() {
        long now = System.nanoTime();
        // At most one second of unused budget is kept, so a pause never turns into a burst.
        balance = Math.min(unitsPerSecond, balance + (now - lastRefillNanos) / 1e9 * unitsPerSecond);
        lastRefillNanos = now;
    }
}
