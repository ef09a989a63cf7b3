package dev.ddbbackup.backup;

/**
 * Asked just before a job starts a partition whether to start it at all. A job whose time is
 * bounded (a Lambda invocation has at most 15 minutes) stops starting partitions when its budget is
 * spent and hands the rest back; partitions already started always run to their end, so a
 * partition is the unit of work that is either done or left.
 */
@FunctionalInterface
public interface PartitionGate {

    /** True to start {@code partition} now; false to leave it (and, usually, the ones after it). */
    boolean tryStart(Partition partition);

    /** Starts every partition: a run with no time limit. */
    static PartitionGate always() {
        return partition -> true;
    }
}
