package dev.ddbbackup.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shard order from recorded shard descriptions: parents before children, trimmed parents ignored. */
class ShardLineageTest {

    private static final ShardInfo ROOT = new ShardInfo("shardId-0001", null, true);
    private static final ShardInfo LEFT = new ShardInfo("shardId-0002", "shardId-0001", true);
    private static final ShardInfo RIGHT = new ShardInfo("shardId-0003", "shardId-0001", false);
    private static final ShardInfo GRANDCHILD = new ShardInfo("shardId-0004", "shardId-0002", false);

    private static List<String> ids(List<ShardInfo> shards) {
        return shards.stream().map(ShardInfo::shardId).toList();
    }

    @Test
    void childrenWaitForTheirParent() {
        List<ShardInfo> all = List.of(ROOT, LEFT, RIGHT, GRANDCHILD);
        assertThat(ids(ShardLineage.ready(all, Set.of()))).containsExactly("shardId-0001");
        assertThat(ids(ShardLineage.ready(all, Set.of("shardId-0001")))).containsExactly("shardId-0002", "shardId-0003");
        assertThat(ids(ShardLineage.ready(all, Set.of("shardId-0001", "shardId-0002"))))
                .containsExactly("shardId-0003", "shardId-0004");
    }

    @Test
    void aParentNoLongerListedHoldsNothingBack() {
        // After 24 hours the parent is trimmed from DescribeStream; its children are then roots.
        List<ShardInfo> all = List.of(LEFT, RIGHT);
        assertThat(ids(ShardLineage.ready(all, Set.of()))).containsExactly("shardId-0002", "shardId-0003");
    }

    @Test
    void finishedShardsAreNotReadAgain() {
        List<ShardInfo> all = List.of(ROOT, LEFT, RIGHT, GRANDCHILD);
        Set<String> finished = Set.of("shardId-0001", "shardId-0002", "shardId-0003", "shardId-0004");
        assertThat(ShardLineage.ready(all, finished)).isEmpty();
    }

    @Test
    void aClosedShardIsOneWithAnEndingSequenceNumber() {
        software.amazon.awssdk.services.dynamodb.model.Shard open = software.amazon.awssdk.services.dynamodb.model.Shard.builder()
                .shardId("s1").sequenceNumberRange(r -> r.startingSequenceNumber("100")).build();
        software.amazon.awssdk.services.dynamodb.model.Shard closed = open.toBuilder()
                .shardId("s2").parentShardId("s1").sequenceNumberRange(r -> r.startingSequenceNumber("100").endingSequenceNumber("200")).build();
        assertThat(ShardInfo.of(open).closed()).isFalse();
        assertThat(ShardInfo.of(closed).closed()).isTrue();
        assertThat(ShardInfo.of(closed).parentShardId()).isEqualTo("s1");
    }
}
