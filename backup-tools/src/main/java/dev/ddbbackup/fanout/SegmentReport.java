package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.JobKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What one worker invocation did, written to the job's work location before the invocation
 * answers: the partitions it finished and the job's counts for exactly those partitions. The merge
 * step adds these up; it never trusts a count it cannot tie to partitions, so a partition is
 * counted once whatever the retries.
 */
public final class SegmentReport {

    public final JobKind job;
    public final int segment;
    public final int invocation;
    public final String requestId;
    /** Every partition of the segment; only the first invocation of a segment records it, otherwise null. */
    public final List<String> segmentPartitions;
    public final List<String> partitionsDone;
    public final long durationMillis;
    /** The job's own counts for exactly the partitions done (added up by the merge, kind by kind). */
    public final SegmentCounts counts;

    public SegmentReport(JobKind job, int segment, int invocation, String requestId, List<String> segmentPartitions,
            List<String> partitionsDone, long durationMillis, SegmentCounts counts) {
        this.job = job;
        this.segment = segment;
        this.invocation = invocation;
        this.requestId = requestId;
        this.segmentPartitions = segmentPartitions == null ? null : List.copyOf(segmentPartitions);
        this.partitionsDone = List.copyOf(partitionsDone);
        this.durationMillis = durationMillis;
        this.counts = counts;
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
        List<String> all = null;
        if (n.path("segmentPartitions").isArray()) {
            all = new ArrayList<>();
            for (JsonNode id : n.get("segmentPartitions")) {
                all.add(id.asText());
            }
        }
        List<String> done = new ArrayList<>();
        for (JsonNode id : n.path("partitionsDone")) {
            done.add(id.asText());
        }
        JobKind job = JobKind.parse(n.path("job").asText());
        return new SegmentReport(job, n.path("segment").asInt(), n.path("invocation").asInt(),
                n.path("requestId").asText(null), all, done, n.path("durationMillis").asLong(),
                SegmentCounts.fromJson(job, n.path("counts")));
    }
}
