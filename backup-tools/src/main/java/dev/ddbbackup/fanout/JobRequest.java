package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.Job;
import dev.ddbbackup.job.JobJson;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.Segment;
import java.util.List;
import java.util.Objects;

/**
 * One job fanned out over workers, as the command line starts it and every worker reads it: the
 * {@link Job} itself, unchanged (its time fixed once, so every worker reads the same state, even
 * for "now"), the number of segments, where the job's working files go, and how much one worker
 * invocation takes on. It travels as JSON in the Step Functions execution's input and in every
 * worker's event.
 *
 * @param budgetSeconds seconds after which a worker starts no new partition; 0 for the default (a
 *     share of the invocation's time)
 * @param maxPartitionsPerInvocation partitions a worker starts per invocation at most; 0 for no limit but time
 * @param scanItemsPerInvocation verify's scan phase: items an invocation reads at most before it
 *     hands the rest of its Scan segment on; 0 for the default
 */
public record JobRequest(Job job, int segments, WorkLocation work, int budgetSeconds, int maxPartitionsPerInvocation,
        int scanItemsPerInvocation) {

    /** Segments beyond this would make the Map's collected results approach Step Functions' 256 KiB payload limit. */
    public static final int MAX_SEGMENTS = 1000;

    public JobRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(work, "work");
        requireSegments(segments, job.width().count());
    }

    /** Checks a job's segments against its partitions (the command line checks them before any request). */
    public static void requireSegments(int segments, int partitions) {
        if (segments < 1 || segments > MAX_SEGMENTS || segments > partitions) {
            throw new IllegalArgumentException("segments must be 1.." + Math.min(MAX_SEGMENTS, partitions)
                    + " (at most one per partition, at most " + MAX_SEGMENTS + "), was " + segments);
        }
    }

    /** {@code job} over {@code segments}, each worker invocation taking on the defaults. */
    public static JobRequest of(Job job, int segments, WorkLocation work) {
        return new JobRequest(job, segments, work, 0, 0, 0);
    }

    public JobKind kind() {
        return job.kind();
    }

    /** The segment worker {@code index} runs; {@code remaining} the partitions its earlier invocations left, or null. */
    public Segment segment(int index, List<String> remaining) {
        return Segment.fannedOut(index, segments, remaining);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("job", JobJson.toJson(job));
        n.put("segments", segments);
        n.putObject("work").put("bucket", work.bucket).put("prefix", work.prefix);
        n.put("budgetSeconds", budgetSeconds);
        n.put("maxPartitionsPerInvocation", maxPartitionsPerInvocation);
        n.put("scanItemsPerInvocation", scanItemsPerInvocation);
        return n;
    }

    /** Reads a request; a missing or malformed field is an IllegalArgumentException naming it. */
    public static JobRequest fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("The job request must be a JSON object");
        }
        JsonNode work = n.path("work");
        if (!work.path("bucket").isTextual()) {
            throw new IllegalArgumentException("The job request has no 'work' bucket");
        }
        return new JobRequest(JobJson.fromJson(n.get("job")), n.path("segments").asInt(1),
                new WorkLocation(work.get("bucket").asText(), work.path("prefix").asText("")),
                n.path("budgetSeconds").asInt(0), n.path("maxPartitionsPerInvocation").asInt(0),
                n.path("scanItemsPerInvocation").asInt(0));
    }
}
