package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.restore.RestoreCounts;
import dev.ddbbackup.verify.VerifyCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * What one worker invocation did, written to the job's work location before the invocation
 * answers: the partitions it finished and the job's counts for exactly those partitions. The merge
 * step adds these up; it never trusts a count it cannot tie to partitions, so a partition is
 * counted once whatever the retries.
 *
 * @param segmentPartitions every partition of the segment; only the first invocation of a segment
 *     records it, otherwise null
 * @param counts the job's own counts for exactly the partitions done (added up by the merge, kind
 *     by kind)
 */
public record SegmentReport(JobKind job, int segment, int invocation, String requestId, List<String> segmentPartitions,
        List<String> partitionsDone, long durationMillis, SegmentCounts counts) {

    public SegmentReport {
        segmentPartitions = segmentPartitions == null ? null : List.copyOf(segmentPartitions);
        partitionsDone = List.copyOf(partitionsDone);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("job", job.wireName());
        n.put("segment", segment);
        n.put("invocation", invocation);
        n.put("requestId", requestId);
        if (segmentPartitions != null) {
            ArrayNode all = n.putArray("segmentPartitions");
            segmentPartitions.forEach(all::add);
        }
        ArrayNode done = n.putArray("partitionsDone");
        partitionsDone.forEach(done::add);
        n.put("durationMillis", durationMillis);
        n.set("counts", counts.toJson());
        return n;
    }

    public static SegmentReport fromJson(JsonNode n) {
        JobKind job = JobKind.parse(n.path("job").asText());
        return new SegmentReport(job, n.path("segment").asInt(), n.path("invocation").asInt(),
                n.path("requestId").asText(null), n.path("segmentPartitions").isArray() ? ids(n.get("segmentPartitions"))
                        : null, ids(n.path("partitionsDone")), n.path("durationMillis").asLong(),
                countsFromJson(job, n.path("counts")));
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Nothing counted yet. */
    static SegmentCounts zero(JobKind kind) {
        return switch (kind) {
            case RESTORE -> RestoreCounts.ZERO;
            case REVERT -> RevertCounts.ZERO;
            case CHANGES -> ChangesCounts.ZERO;
            case SNAPSHOT -> SnapshotCounts.ZERO;
            case VERIFY -> VerifyCounts.ZERO;
        };
    }

    /** A job's counts as {@link SegmentCounts#toJson} wrote them, read back by the job's kind. */
    static SegmentCounts countsFromJson(JobKind kind, JsonNode n) {
        return switch (kind) {
            case RESTORE -> RestoreCounts.fromJson(n);
            case REVERT -> RevertCounts.fromJson(n);
            case CHANGES -> ChangesCounts.fromJson(n);
            case SNAPSHOT -> SnapshotCounts.fromJson(n);
            case VERIFY -> VerifyCounts.fromJson(n);
        };
    }
}
