package dev.ddbbackup.stream;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/** What the poller needs to know of a shard: its id, its parent, and whether it is closed. */
public final class ShardInfo {

    private final String shardId;
    private final String parentShardId;
    private final boolean closed;

    public ShardInfo(String shardId, String parentShardId, boolean closed) {
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.parentShardId = parentShardId;
        this.closed = closed;
    }

    public static ShardInfo of(Shard shard) {
        boolean closed = shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null;
        return new ShardInfo(shard.shardId(), shard.parentShardId(), closed);
    }

    public String shardId() {
        return shardId;
    }

    /** The parent's id, or null for a shard without one. */
    public String parentShardId() {
        return parentShardId;
    }

    /** Closed shards have an ending sequence number: they get no new records. */
    public boolean closed() {
        return closed;
    }

    @Override
    public String toString() {
        return shardId + (parentShardId == null ? "" : " (parent " + parentShardId + ")") + (closed ? " closed" : " open");
    }
}
