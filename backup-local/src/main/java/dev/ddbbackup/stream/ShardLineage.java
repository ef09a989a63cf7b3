package dev.ddbbackup.stream;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which shards may be read now. DynamoDB keeps a key's changes in order only along a shard's
 * lineage: when a shard splits, the parent holds the older changes of its keys and the children
 * the newer ones. So, as Lambda's event source mapping does, a child is read only after its
 * parent has been read to its end. A parent that is no longer listed (trimmed after 24 hours)
 * does not hold anything back.
 */
public final class ShardLineage {

    private ShardLineage() {
    }

    /**
     * The shards that can be processed now, in listing order.
     *
     * @param shards every shard the stream lists
     * @param finished ids of shards read to their end and fully delivered
     */
    public static List<ShardInfo> ready(Collection<ShardInfo> shards, Set<String> finished) {
        Set<String> listed = shards.stream().map(ShardInfo::shardId).collect(Collectors.toSet());
        return shards.stream().filter(s -> !finished.contains(s.shardId()))
                .filter(s -> s.parentShardId() == null || !listed.contains(s.parentShardId())
                        || finished.contains(s.parentShardId()))
                .toList();
    }
}
