package dev.ddbbackup.stream;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * What the poller needs to know of a shard: its id, its parent, and whether it is closed.
 *
 * @param parentShardId the parent's id, or null for a shard without one
 * @param closed closed shards have an ending sequence number: they get no new records
 */
public record ShardInfo(String shardId, String parentShardId, boolean closed) {

    public ShardInfo {
        Objects.requireNonNull(shardId, "shardId");
    }

    public static ShardInfo of(Shard shard) {
        boolean closed = shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null;
        return new ShardInfo(shard.shardId(), shard.parentShardId(), closed);
    }

    @Override
    public String toString() {
        return shardId + (parentShardId == null ? "" : " (parent " + parentShardId + ")") + (closed ? " closed" : " open");
    }
}
