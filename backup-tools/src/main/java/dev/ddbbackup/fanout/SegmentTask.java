package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The event of one worker invocation and, with {@link #next}, its answer: which segment, which
 * invocation of that segment's loop, and the partitions still to do (none on the first
 * invocation: every partition of the segment). The state machine loops while {@code done} is false,
 * passing each answer as the next event.
 *
 * <p>A job in two phases (verify: first the table is scanned, then the backup compared) names the
 * phase ({@link #SCAN} or {@link #COMPARE}); the scan phase's loop carries a DynamoDB Scan cursor
 * instead of partitions.
 *
 * @param remaining partition ids still to do, or null on the first invocation (all of the segment's)
 * @param partitionsInSegment the segment's partitions, as counted by its first invocation; -1 before
 * @param partitionsDone partitions finished by the segment's earlier invocations
 * @param phase {@link #SCAN}, {@link #COMPARE}, or null for a job of one phase
 * @param cursor in the scan phase: DynamoDB's LastEvaluatedKey (DynamoDB JSON) to go on from; null at the start
 */
public record SegmentTask(JsonNode request, int segment, int invocation, List<String> remaining, int partitionsInSegment,
        int partitionsDone, String phase, JsonNode cursor) {

    /** Verify's first phase: Scan segment {@code segment} of the table, sorted by backup partition. */
    public static final String SCAN = "scan";
    /** Verify's second phase: the backup's partitions of the segment compared with the scanned table. */
    public static final String COMPARE = "compare";

    public SegmentTask {
        cursor = cursor == null || cursor.isNull() ? null : cursor;
        remaining = remaining == null ? null : List.copyOf(remaining);
    }

    public static SegmentTask fromJson(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("request").isObject()) {
            throw new IllegalArgumentException("A segment task is an object with 'request', 'segment' and 'invocation'");
        }
        if (!n.path("segment").canConvertToInt()) {
            throw new IllegalArgumentException("The segment task has no integer 'segment'");
        }
        List<String> remaining = null;
        JsonNode r = n.get("remaining");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                throw new IllegalArgumentException("The segment task's 'remaining' must be an array of partition ids");
            }
            remaining = new ArrayList<>();
            for (JsonNode id : r) {
                remaining.add(id.asText());
            }
        }
        String phase = n.hasNonNull("phase") ? n.get("phase").asText() : null;
        if (phase != null && !phase.equals(SCAN) && !phase.equals(COMPARE)) {
            throw new IllegalArgumentException("The segment task's 'phase' must be scan or compare, was " + phase);
        }
        JsonNode cursor = n.get("cursor");
        if (cursor != null && !cursor.isNull() && !cursor.isObject()) {
            throw new IllegalArgumentException("The segment task's 'cursor' must be a DynamoDB key object");
        }
        return new SegmentTask(n.get("request"), n.get("segment").asInt(), n.path("invocation").asInt(0), remaining,
                n.path("partitionsInSegment").asInt(-1), n.path("partitionsDone").asInt(0), phase, cursor);
    }

    /**
     * The answer of a scan-phase invocation: the next invocation's event, {@code done} when the
     * Scan segment has no page left ({@code cursor} null).
     */
    public ObjectNode nextScan(JsonNode cursor, ObjectNode progress) {
        ObjectNode n = nextInvocation();
        n.set("cursor", cursor == null ? n.nullNode() : cursor);
        n.put("done", cursor == null);
        n.set("lastInvocation", progress);
        return n;
    }

    /**
     * The answer: the next invocation's event, {@code done} when nothing is left. {@code inScope} is
     * the partitions this invocation had, {@code doneNow} those it finished; {@code progress} is a
     * small summary for people watching the execution.
     */
    public ObjectNode next(List<String> left, int inScope, int doneNow, ObjectNode progress) {
        int partitionsInSegment = invocation == 0 ? inScope : this.partitionsInSegment;
        int partitionsDoneSoFar = partitionsDone + doneNow;
        ObjectNode n = nextInvocation();
        ArrayNode ids = n.putArray("remaining");
        left.forEach(ids::add);
        n.put("done", left.isEmpty());
        n.put("partitionsInSegment", partitionsInSegment);
        n.put("partitionsDone", partitionsDoneSoFar);
        n.set("lastInvocation", progress);
        return n;
    }

    /** The next invocation's event as far as every loop has it: the request, the segment, the invocation, the phase. */
    private ObjectNode nextInvocation() {
        ObjectNode n = ((ObjectNode) request).objectNode();
        n.set("request", request);
        n.put("segment", segment);
        n.put("invocation", invocation + 1);
        if (phase != null) {
            n.put("phase", phase);
        }
        return n;
    }
}
