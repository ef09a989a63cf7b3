package dev.ddbbackup.jobs;

import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;

/**
 * Lets a worker start partitions until a point in its invocation, then none: the partitions
 * already started run to their end inside the time left, and the rest is handed back for the next
 * invocation. At least one partition is always started, so every invocation makes progress (a
 * partition too big for one invocation then fails loudly with Lambda's time-out instead of
 * looping). Thread-safe.
 */
public final class DeadlineGate implements PartitionGate {

    /**
     * Share of the invocation's time in which partitions may be started. The rest is left for the
     * partitions in flight (a few run at once), the report, and the answer.
     */
    static final double START_SHARE = 0.6;

    private final long stopStartingAtNanos;
    private final int maxPartitions;
    private int started;

    /**
     * A gate for an invocation with {@code remainingMillis} left: partitions start during
     * {@link #START_SHARE} of it, or during {@code budgetSeconds} when that is set and shorter, and
     * at most {@code maxPartitions} of them when that is above 0.
     */
    public DeadlineGate(int budgetSeconds, int maxPartitions, long remainingMillis) {
        this.stopStartingAtNanos = stopStartingAt(budgetSeconds, remainingMillis);
        this.maxPartitions = maxPartitions;
    }

    /**
     * The {@link System#nanoTime} after which an invocation with {@code remainingMillis} left starts
     * no new work: after {@link #START_SHARE} of it, or after {@code budgetSeconds} when that is set
     * and shorter.
     */
    static long stopStartingAt(int budgetSeconds, long remainingMillis) {
        long window = (long) (remainingMillis * START_SHARE);
        if (budgetSeconds > 0) {
            window = Math.min(window, budgetSeconds * 1000L);
        }
        return System.nanoTime() + window * 1_000_000L;
    }

    @Override
    public synchronized boolean tryStart(Partition partition) {
        boolean withinCount = maxPartitions <= 0 || started < maxPartitions;
        if (started == 0 || (withinCount && System.nanoTime() - stopStartingAtNanos < 0)) {
            started++;
            return true;
        }
        return false;
    }
}
