package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether a fanned-out job's reports cover every partition of every segment exactly once: the
 * partitions done of those in scope, the invocations and their time, and every gap (a failed
 * segment, the Map state's own error, partitions not done or done twice, segments that never
 * reported). Lists are cut to {@link MergedReport#MAX_LISTED}; their counts are complete.
 *
 * @param durationMillis the execution's duration, or null when its start is unknown
 * @param mapError the Map state's own error, or null
 */
public record Coverage(long partitions, long partitionsDone, long invocations, double workerSeconds, Long durationMillis,
        List<FailedSegment> failedSegments, int failedSegmentCount, JsonNode mapError, List<String> missingPartitions,
        long missingPartitionCount, List<String> partitionsReportedTwice, List<Integer> segmentsWithoutReport) {

    /** A segment whose loop gave up, with the error and cause of its last invocation. */
    public record FailedSegment(int segment, String error, String cause) {
    }

    public Coverage {
        failedSegments = List.copyOf(failedSegments);
        missingPartitions = List.copyOf(missingPartitions);
        partitionsReportedTwice = List.copyOf(partitionsReportedTwice);
        segmentsWithoutReport = List.copyOf(segmentsWithoutReport);
        mapError = mapError == null || mapError.isNull() ? null : mapError;
    }

    static Coverage of(int segments, List<SegmentReport> reports, JsonNode segmentResults, JsonNode mapError,
            Instant started, Instant finished) {
        Map<Integer, List<SegmentReport>> bySegment = new TreeMap<>();
        for (SegmentReport r : reports) {
            bySegment.computeIfAbsent(r.segment(), s -> new ArrayList<>()).add(r);
        }
        Map<Integer, FailedSegment> failures = new TreeMap<>();
        if (segmentResults != null && segmentResults.isArray()) {
            for (JsonNode result : segmentResults) {
                if (result.path("failed").asBoolean(false)) {
                    int segment = result.path("segment").asInt();
                    failures.put(segment, new FailedSegment(segment, result.path("error").asText(null),
                            result.path("cause").asText(null)));
                }
            }
        }
        long partitions = 0;
        long done = 0;
        long invocations = 0;
        long workerMillis = 0;
        Set<String> missing = new LinkedHashSet<>();
        Set<String> twice = new LinkedHashSet<>();
        List<Integer> unreported = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            List<SegmentReport> own = bySegment.getOrDefault(segment, List.of());
            List<String> all = own.stream().filter(r -> r.segmentPartitions() != null).findFirst()
                    .map(r -> r.segmentPartitions()).orElse(null);
            Map<String, Integer> seen = new HashMap<>();
            for (SegmentReport r : own) {
                invocations++;
                workerMillis += r.durationMillis();
                for (String id : r.partitionsDone()) {
                    if (seen.merge(id, 1, Integer::sum) == 2) {
                        twice.add(segment + ":" + id);
                    }
                }
            }
            done += seen.size();
            if (all == null) {
                if (!failures.containsKey(segment)) {
                    unreported.add(segment);
                }
                continue;
            }
            partitions += all.size();
            for (String id : all) {
                if (!seen.containsKey(id)) {
                    missing.add(segment + ":" + id);
                }
            }
        }
        return new Coverage(partitions, done, invocations, Math.round(workerMillis / 100.0) / 10.0,
                started != null && finished != null ? Duration.between(started, finished).toMillis() : null,
                failures.values().stream().limit(MergedReport.MAX_LISTED).toList(), failures.size(), mapError,
                missing.stream().limit(MergedReport.MAX_LISTED).toList(), missing.size(),
                twice.stream().limit(MergedReport.MAX_LISTED).toList(),
                unreported.stream().limit(MergedReport.MAX_LISTED).toList());
    }

    /** Whether a segment failed (or the Map state as a whole). */
    boolean failed() {
        return failedSegmentCount > 0 || mapError != null;
    }

    /** Every partition of every segment done exactly once, and nothing failed. */
    boolean complete() {
        return !failed() && missingPartitionCount == 0 && partitionsReportedTwice.isEmpty()
                && segmentsWithoutReport.isEmpty();
    }

    void addTo(ObjectNode n) {
        n.put("partitions", partitions);
        n.put("partitionsDone", partitionsDone);
        n.put("invocations", invocations);
        n.put("workerSeconds", workerSeconds);
        if (durationMillis != null) {
            n.put("durationMillis", durationMillis);
        }
        ArrayNode failed = n.putArray("failedSegments");
        failedSegments.forEach(f -> failed.addObject().put("segment", f.segment()).put("error", f.error())
                .put("cause", f.cause()));
        n.put("failedSegmentCount", failedSegmentCount);
        if (mapError != null) {
            n.set("mapError", mapError);
        }
        n.set("missingPartitions", MergedReport.array(missingPartitions));
        n.put("missingPartitionCount", missingPartitionCount);
        n.set("partitionsReportedTwice", MergedReport.array(partitionsReportedTwice));
        n.set("segmentsWithoutReport", MergedReport.array(segmentsWithoutReport));
    }

    static Coverage fromJson(JsonNode n) {
        List<FailedSegment> failed = new ArrayList<>();
        for (JsonNode f : n.path("failedSegments")) {
            failed.add(new FailedSegment(f.path("segment").asInt(), f.path("error").asText(null),
                    f.path("cause").asText(null)));
        }
        List<Integer> unreported = new ArrayList<>();
        n.path("segmentsWithoutReport").forEach(s -> unreported.add(s.asInt()));
        return new Coverage(n.path("partitions").asLong(), n.path("partitionsDone").asLong(),
                n.path("invocations").asLong(), n.path("workerSeconds").asDouble(),
                n.has("durationMillis") ? n.get("durationMillis").asLong() : null, failed,
                n.path("failedSegmentCount").asInt(failed.size()), n.get("mapError"), texts(n.path("missingPartitions")),
                n.path("missingPartitionCount").asLong(), texts(n.path("partitionsReportedTwice")), unreported);
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }

    /** The summary's lines about what is not covered. */
    void describeGaps(StringBuilder b) {
        for (FailedSegment f : failedSegments) {
            b.append(String.format("  segment %d failed: %s: %s%n", f.segment(), f.error(), f.cause()));
        }
        if (missingPartitionCount > 0) {
            b.append(String.format("  %d partitions not done (segment:partition): %s%n", missingPartitionCount,
                    MergedReport.array(missingPartitions)));
        }
        if (!partitionsReportedTwice.isEmpty()) {
            b.append("  partitions reported twice: ").append(MergedReport.array(partitionsReportedTwice)).append('\n');
        }
        if (!segmentsWithoutReport.isEmpty()) {
            b.append("  segments without any report: ").append(MergedReport.array(segmentsWithoutReport)).append('\n');
        }
        if (mapError != null) {
            b.append("  the Map state failed: ").append(mapError).append('\n');
        }
    }
}
