package dev.ddbbackup.job;

import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.layout.PartitionWidth;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions one run of an engine works on: segment {@code index} of {@code count} (every
 * {@code count}-th partition of the job's width), optionally only the {@code partitions} an earlier
 * invocation left. A run on one machine is {@link #all()}: one segment holding every partition.
 *
 * @param sharing how many segments run at the same time and share the job's capacity caps
 *     ({@code --max-wcu}, {@code --max-rcu}): 1 on one machine, {@code count} on Step Functions
 */
public record Segment(int index, int count, List<String> partitions, int sharing) {

    public Segment {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("Segment must be in 0.." + (count - 1) + " of " + count + " segments, was "
                    + index);
        }
        partitions = partitions == null ? null : List.copyOf(partitions);
        if (sharing < 1) {
            throw new IllegalArgumentException("sharing must be at least 1, was " + sharing);
        }
    }

    /** Every partition, on this machine. */
    public static Segment all() {
        return new Segment(0, 1, null, 1);
    }

    /** Segment {@code index} of {@code count}, run on this machine (other machines run the others). */
    public static Segment of(int index, int count) {
        return new Segment(index, count, null, 1);
    }

    /**
     * A fanned-out worker's segment: every segment runs at once, so each has its share of the caps;
     * {@code remaining} is the partitions left by the segment's earlier invocations (null on the first).
     */
    public static Segment fannedOut(int index, int count, List<String> remaining) {
        return new Segment(index, count, remaining, count);
    }

    /** {@code job}'s scope narrowed to this segment (and to the partitions left, when given). */
    public BackupScope scope(BackupScope scope) {
        return scope.segment(index, count).partitions(partitions);
    }

    /**
     * The ids of this segment's partitions of {@code width}: the ones left when given, else every
     * {@code count}-th, as the backup reader plans them.
     */
    public List<String> partitionIds(PartitionWidth width) {
        if (partitions != null) {
            return partitions;
        }
        List<String> ids = new ArrayList<>();
        for (int i = index; i < width.count(); i += count) {
            ids.add(width.id(i));
        }
        return ids;
    }

    /** A cap of the whole job shared by the segments running at once; 0 (no cap) stays 0. */
    public double share(double cap) {
        return cap <= 0 ? 0 : cap / sharing;
    }
}
