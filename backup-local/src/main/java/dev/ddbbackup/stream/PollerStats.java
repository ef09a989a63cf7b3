package dev.ddbbackup.stream;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a poller, safe to read from another thread (progress display). */
public final class PollerStats {

    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong recordsDelivered = new AtomicLong();
    final AtomicLong invocations = new AtomicLong();
    final AtomicLong failedInvocations = new AtomicLong();
    final AtomicLong redeliveredRecords = new AtomicLong();
    final AtomicLong shardsFinished = new AtomicLong();
    final AtomicLong maxStreamLagMillis = new AtomicLong();

    /** Records fetched with GetRecords. */
    public long recordsRead() { return recordsRead.get(); }

    /** Records confirmed written by the function (each counted once). */
    public long recordsDelivered() { return recordsDelivered.get(); }

    public long invocations() { return invocations.get(); }

    /** Invocations that reported failures or threw. */
    public long failedInvocations() { return failedInvocations.get(); }

    /** Records sent again after a partial failure. */
    public long redeliveredRecords() { return redeliveredRecords.get(); }

    public long shardsFinished() { return shardsFinished.get(); }

    /** Largest gap between a record's ApproximateCreationDateTime and its confirmed delivery. */
    public long maxStreamLagMillis() { return maxStreamLagMillis.get(); }
}
