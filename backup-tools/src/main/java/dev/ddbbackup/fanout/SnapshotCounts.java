package dev.ddbbackup.fanout;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.snapshot.Snapshot;
import dev.ddbbackup.snapshot.SnapshotFile;
import java.util.List;
import java.util.Set;

/**
 * A snapshot's counts for some partitions: the data files written (the merge lists them all in the
 * manifest), their items and bytes, the items read, and the changes whose version is gone.
 */
public record SnapshotCounts(long items, long bytes, long itemsRead, long loggedVersionsMissing, Set<String> timeSources,
        List<SnapshotFile> files) implements SegmentCounts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final SnapshotCounts ZERO = new SnapshotCounts(0, 0, 0, 0, Set.of(), List.of());

    public SnapshotCounts {
        timeSources = Set.copyOf(timeSources);
        files = List.copyOf(files);
    }

    /** What one share of the snapshot wrote. */
    public static SnapshotCounts of(Snapshot.Share result) {
        return new SnapshotCounts(result.files().stream().mapToLong(SnapshotFile::items).sum(),
                result.files().stream().mapToLong(SnapshotFile::bytes).sum(), result.itemsRead(),
                result.loggedVersionsMissing(), Set.of(result.timeSource()), result.files());
    }

    @Override
    public SnapshotCounts plus(SegmentCounts other) {
        SnapshotCounts o = (SnapshotCounts) other;
        return new SnapshotCounts(items + o.items, bytes + o.bytes, itemsRead + o.itemsRead,
                loggedVersionsMissing + o.loggedVersionsMissing, SegmentCounts.union(timeSources, o.timeSources),
                SegmentCounts.concat(files, o.files));
    }

    /** The time sources the workers read by, for the manifest ({@code AUTO} when none reported). */
    public String timeSource() {
        return timeSources.isEmpty() ? "AUTO" : String.join(", ", new java.util.TreeSet<>(timeSources));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("items", items);
        n.put("bytes", bytes);
        n.put("itemsRead", itemsRead);
        n.put("loggedVersionsMissing", loggedVersionsMissing);
        n.put("timeSource", String.join(", ", new java.util.TreeSet<>(timeSources)));
        n.set("files", MAPPER.valueToTree(files));
        return n;
    }

    static SnapshotCounts fromJson(JsonNode n) {
        List<SnapshotFile> files = MAPPER.convertValue(n.path("files"), new TypeReference<List<SnapshotFile>>() { });
        return new SnapshotCounts(n.path("items").asLong(), n.path("bytes").asLong(), n.path("itemsRead").asLong(),
                n.path("loggedVersionsMissing").asLong(), SegmentCounts.names(n.get("timeSource")),
                files == null ? List.of() : files);
    }
}
