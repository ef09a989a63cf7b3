package dev.ddbbackup.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        Set<String> listed = new HashSet<>();
        for (ShardInfo s : shards) {
            listed.add(s.shardId());
        }
        List<ShardInfo> ready = new ArrayList<>();
        for (ShardInfo s : shards) {
            if (finished.contains(s.shardId())) {
                continue;
            }
            String parent = s.parentShardId();
            if (parent == null || !listed.contains(parent) || finished.contains(parent)) {
                ready.add(s);
            }
        }
        return ready;
    }
}
