package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report of a whole fanned-out job, merged from its invocation reports: the job's counts
 * added up over every partition, and whether every partition of every segment was done exactly
 * once. It is {@code ok} only when no segment failed and the reports cover every partition once;
 * the state machine fails the execution otherwise, with this report as the cause.
 */
public final class MergedReport {

    /** Failed segments and partition ids listed in full up to this many (counts are always complete). */
    static final int MAX_LISTED = 20;

    private final ObjectNode json;

    private MergedReport(ObjectNode json) {
        this.json = json;
    }

    public static MergedReport fromJson(JsonNode json) {
        if (!(json instanceof ObjectNode o) || !o.has("ok") || !o.has("job")) {
            throw new IllegalArgumentException("Not a merged job report: " + json);
        }
        return new MergedReport(o);
    }

    public ObjectNode toJson() {
        return json;
    }

    public boolean ok() {
        return json.path("ok").asBoolean(false);
    }

    /**
     * Merges the invocation reports of a job.
     *
     * @param segmentResults the Map state's results: one object per segment, {@code failed} with
     *                       {@code error} and {@code cause} for segments whose loop gave up
     * @param mapError       the Map state's own error (it failed as a whole), or null
     */
    public static MergedReport merge(JobRequest request, List<SegmentReport> reports, JsonNode segmentResults,
            JsonNode mapError, Instant started, Instant finished) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("job", request.job.wireName());
        n.put("table", request.table);
        n.put("time", request.time.toString());
        n.put("segments", request.segments);
        Map<Integer, List<SegmentReport>> bySegment = new TreeMap<>();
        for (SegmentReport r : reports) {
            bySegment.computeIfAbsent(r.segment, s -> new ArrayList<>()).add(r);
        }
        Map<Integer, JsonNode> failures = new TreeMap<>();
        if (segmentResults != null && segmentResults.isArray()) {
            for (JsonNode result : segmentResults) {
                if (result.path("failed").asBoolean(false)) {
                    failures.put(result.path("segment").asInt(), result);
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
        ObjectNode counts = JsonNodeFactory.instance.objectNode();
        for (int segment = 0; segment < request.segments; segment++) {
            List<SegmentReport> own = bySegment.getOrDefault(segment, List.of());
            List<String> all = own.stream().filter(r -> r.segmentPartitions != null).findFirst()
                    .map(r -> r.segmentPartitions).orElse(null);
            Map<String, Integer> seen = new HashMap<>();
            for (SegmentReport r : own) {
                invocations++;
                workerMillis += r.durationMillis;
                add(counts, r.counts);
                for (String id : r.partitionsDone) {
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
        boolean complete = failures.isEmpty() && mapError == null && missing.isEmpty() && twice.isEmpty()
                && unreported.isEmpty();
        boolean differences = request.job == JobKind.VERIFY && verifyDifferences(counts) > 0;
        boolean ok = complete && !differences;
        n.put("ok", ok);
        n.put("error", ok ? null : !failures.isEmpty() || mapError != null ? "SegmentsFailed"
                : !complete ? "ReportsIncomplete" : "Differences");
        n.put("partitions", partitions);
        n.put("partitionsDone", done);
        n.put("invocations", invocations);
        n.put("workerSeconds", Math.round(workerMillis / 100.0) / 10.0);
        if (started != null && finished != null) {
            n.put("durationMillis", Duration.between(started, finished).toMillis());
        }
        ArrayNode failed = n.putArray("failedSegments");
        failures.values().stream().limit(MAX_LISTED).forEach(f -> failed.addObject()
                .put("segment", f.path("segment").asInt())
                .put("error", f.path("error").asText(null))
                .put("cause", f.path("cause").asText(null)));
        n.put("failedSegmentCount", failures.size());
        if (mapError != null && !mapError.isNull()) {
            n.set("mapError", mapError);
        }
        list(n.putArray("missingPartitions"), missing);
        n.put("missingPartitionCount", missing.size());
        list(n.putArray("partitionsReportedTwice"), twice);
        ArrayNode noReport = n.putArray("segmentsWithoutReport");
        unreported.stream().limit(MAX_LISTED).forEach(noReport::add);
        n.set("counts", counts);
        return new MergedReport(n);
    }

    /**
     * A verify's differences: items missing from the backup, extra in it, differing, and unreadable
     * (the local verify exits 1 on any of them). Its examples, joined from every segment, are cut to
     * {@link #MAX_LISTED} per kind: the counts are complete.
     */
    private static long verifyDifferences(JsonNode counts) {
        JsonNode examples = counts.path("examples");
        if (examples instanceof ObjectNode e) {
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> kind = it.next();
                if (kind.getValue() instanceof ArrayNode all && all.size() > MAX_LISTED) {
                    ArrayNode cut = e.arrayNode();
                    for (int i = 0; i < MAX_LISTED; i++) {
                        cut.add(all.get(i));
                    }
                    kind.setValue(cut);
                }
            }
        }
        return counts.path("missing").asLong() + counts.path("extra").asLong() + counts.path("differing").asLong()
                + counts.path("unreadable").asLong();
    }

    private static void list(ArrayNode array, Set<String> values) {
        values.stream().limit(MAX_LISTED).forEach(array::add);
    }

    /** Adds {@code from} into {@code into}: numbers summed, objects merged key by key, arrays joined, differing text joined. */
    static void add(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode have = into.get(e.getKey());
            JsonNode value = e.getValue();
            if (have == null || have.isNull()) {
                into.set(e.getKey(), value.deepCopy());
            } else if (have.isIntegralNumber() && value.isIntegralNumber()) {
                into.put(e.getKey(), have.asLong() + value.asLong());
            } else if (have.isNumber() && value.isNumber()) {
                into.put(e.getKey(), have.asDouble() + value.asDouble());
            } else if (have.isObject() && value.isObject()) {
                add((ObjectNode) have, value);
            } else if (have.isArray() && value.isArray()) {
                ((ArrayNode) have).addAll((ArrayNode) value.deepCopy());
            } else if (have.isTextual() && value.isTextual() && !have.asText().equals(value.asText())) {
                into.put(e.getKey(), have.asText() + ", " + value.asText());
            }
        }
    }

    /** The human summary: the outcome, coverage, and the job's main counts. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        String job = json.path("job").asText();
        b.append(String.format("%s of %s as of %s on Step Functions: %s%n", capitalised(job), json.path("table").asText(),
                json.path("time").asText(), ok() ? "done" : "FAILED (" + json.path("error").asText() + ")"));
        b.append(String.format("  %d segments, %d of %d partitions done, %d invocations, %.1f worker-seconds%s%n",
                json.path("segments").asInt(), json.path("partitionsDone").asLong(), json.path("partitions").asLong(),
                json.path("invocations").asLong(), json.path("workerSeconds").asDouble(),
                json.has("durationMillis") ? String.format(", %.1f s", json.path("durationMillis").asLong() / 1000.0) : ""));
        JsonNode c = json.path("counts");
        switch (job) {
            case "restore" -> {
                b.append(String.format("  %s %d items, %s %d, %d moved to another tenant (left alone)%n",
                        c.path("dryRun").asBoolean() ? "would put" : "put", c.path("puts").asLong(),
                        c.path("dryRun").asBoolean() ? "would delete" : "deleted", c.path("deletes").asLong(),
                        c.path("movedOut").asLong()));
                if (c.path("deletesSkippedEmptyTarget").asLong() > 0) {
                    b.append(String.format("  %d deletes not needed (new, empty target table)%n",
                            c.path("deletesSkippedEmptyTarget").asLong()));
                }
                if (c.path("unknownKeys").asLong() > 0) {
                    b.append(String.format("  %d absent items skipped: key unknown (no change-log line, no image)%n",
                            c.path("unknownKeys").asLong()));
                }
                b.append(String.format("  %d WCU in %d BatchWriteItem calls (%d retries)%n", c.path("writeUnits").asLong(),
                        c.path("batchWriteCalls").asLong(), c.path("batchWriteRetries").asLong()));
            }
            case "snapshot" -> b.append(String.format("  %d items in %d files, %,d bytes (gzip)%s%n",
                    c.path("items").asLong(), c.path("files").size(), c.path("bytes").asLong(),
                    json.hasNonNull("manifest") ? "; manifest " + json.path("manifest").asText() : ""));
            case "verify" -> {
                if (json.has("scan")) {
                    JsonNode scan = json.path("scan");
                    b.append(String.format("  scanned %d items (%d in scope) in %d invocations, %.1f RCU%n",
                            scan.path("items").asLong(), scan.path("inScope").asLong(), scan.path("invocations").asLong(),
                            scan.path("consumedReadCapacity").asDouble()));
                }
                b.append(String.format("  %s: table items %d, backup items %d%n",
                        verifyDifferences(c) == 0 ? "OK" : "DIFFERENCES", c.path("tableItems").asLong(),
                        c.path("backupItems").asLong()));
                String[][] kinds = {{"missing", "missing from the backup (in the table only)"},
                        {"extra", "extra in the backup (not in the table)"}, {"differing", "differing content"},
                        {"unreadable", "unreadable in the backup (a version missing, an unusable object or change-log line)"}};
                for (String[] kind : kinds) {
                    b.append(String.format("  %s: %d%n", kind[1], c.path(kind[0]).asLong()));
                    for (JsonNode e : c.path("examples").path(kind[0])) {
                        b.append("    ").append(e.asText()).append('\n');
                    }
                }
            }
            default -> { }
        }
        long missingVersions = c.path("s3").path("loggedVersionsMissing").asLong(c.path("loggedVersionsMissing").asLong());
        if (missingVersions > 0) {
            b.append(String.format("  WARNING: %d changes in the change log have no object version in the bucket any more%n",
                    missingVersions));
        }
        for (JsonNode f : json.path("failedSegments")) {
            b.append(String.format("  segment %d failed: %s: %s%n", f.path("segment").asInt(), f.path("error").asText(),
                    f.path("cause").asText()));
        }
        if (json.path("missingPartitionCount").asLong() > 0) {
            b.append(String.format("  %d partitions not done (segment:partition): %s%n",
                    json.path("missingPartitionCount").asLong(), json.path("missingPartitions")));
        }
        if (json.path("partitionsReportedTwice").size() > 0) {
            b.append("  partitions reported twice: ").append(json.path("partitionsReportedTwice")).append('\n');
        }
        if (json.path("segmentsWithoutReport").size() > 0) {
            b.append("  segments without any report: ").append(json.path("segmentsWithoutReport")).append('\n');
        }
        if (json.has("mapError")) {
            b.append("  the Map state failed: ").append(json.get("mapError")).append('\n');
        }
        return b.toString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
