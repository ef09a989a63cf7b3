package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.restore.RestoreCounts;
import dev.ddbbackup.verify.VerifyCounts;
import java.time.Instant;

/**
 * The report of a whole fanned-out job, merged from its invocation reports: the job's counts
 * added up over every partition ({@link SegmentCounts#plus}), and whether every partition of every
 * segment was done exactly once ({@link Coverage}). It is {@code ok} only when no segment failed,
 * the reports cover every partition once and (a verify) nothing differs; the state machine fails
 * the execution otherwise, with this report as the cause.
 *
 * @param time the job's point in time, or for a verify of the latest state the execution's start
 * @param scan a verify's scan phase, or null
 * @param manifest a complete snapshot's manifest location, or null
 */
public record MergedReport(JobKind job, String table, String time, int segments, Coverage coverage,
        SegmentCounts counts, ScanSummary scan, String manifest) {

    /** Failed segments and partition ids listed in full up to this many (counts are always complete). */
    static final int MAX_LISTED = 20;

    /**
     * Merges the invocation reports of a job.
     *
     * @param segmentResults the Map state's results: one object per segment, {@code failed} with
     *                       {@code error} and {@code cause} for segments whose loop gave up
     * @param mapError       the Map state's own error (it failed as a whole), or null
     */
    public static MergedReport merge(JobRequest request, java.util.List<SegmentReport> reports, JsonNode segmentResults,
            JsonNode mapError, Instant started, Instant finished) {
        SegmentCounts counts = SegmentReport.zero(request.kind());
        for (SegmentReport r : reports) {
            counts = counts.plus(r.counts());
        }
        Instant time = request.job().time() != null ? request.job().time() : started;
        return new MergedReport(request.kind(), request.job().table(), time == null ? "latest" : time.toString(),
                request.segments(), Coverage.of(request.segments(), reports, segmentResults, mapError, started, finished),
                counts, null, null);
    }

    /** The same report with a verify's scan phase, whose read capacity is the job's. */
    public MergedReport withScan(ScanSummary scan) {
        SegmentCounts c = counts instanceof VerifyCounts v ? v.withConsumedReadCapacity(scan.consumedReadCapacity()) : counts;
        return new MergedReport(job, table, time, segments, coverage, c, scan, manifest);
    }

    /** The same report with the location of the snapshot's manifest. */
    public MergedReport withManifest(String location) {
        return new MergedReport(job, table, time, segments, coverage, counts, scan, location);
    }

    /** A verify that found differences: the job ran completely, but its answer is no. */
    boolean differences() {
        return counts instanceof VerifyCounts v && v.differences() > 0;
    }

    /**
     * A dry run that lets its job write: it ran completely and found no problem in the backup (a
     * revert's conflicts and races are left out by the writing run itself, item by item).
     */
    public boolean checkPassed() {
        return ok() && !(counts instanceof RevertCounts c && !c.problems().isEmpty());
    }

    public boolean ok() {
        return coverage.complete() && !differences();
    }

    /** Why it is not ok, or null. */
    public String error() {
        return ok() ? null : coverage.failed() ? "SegmentsFailed" : !coverage.complete() ? "ReportsIncomplete"
                : "Differences";
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("job", job.wireName());
        n.put("table", table);
        n.put("time", time);
        n.put("segments", segments);
        n.put("ok", ok());
        n.put("error", error());
        coverage.addTo(n);
        n.set("counts", counts.toJson());
        if (scan != null) {
            n.set("scan", scan.toJson());
        }
        if (manifest != null) {
            n.put("manifest", manifest);
        }
        return n;
    }

    public static MergedReport fromJson(JsonNode json) {
        if (!(json instanceof ObjectNode o) || !o.has("ok") || !o.has("job")) {
            throw new IllegalArgumentException("Not a merged job report: " + json);
        }
        JobKind job = JobKind.parse(o.path("job").asText());
        return new MergedReport(job, o.path("table").asText(), o.path("time").asText(), o.path("segments").asInt(),
                Coverage.fromJson(o), SegmentReport.countsFromJson(job, o.path("counts")),
                o.path("scan").isObject() ? ScanSummary.fromJson(o.get("scan")) : null,
                o.hasNonNull("manifest") ? o.get("manifest").asText() : null);
    }

    /** The human summary: the outcome, coverage, and the job's main counts. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s of %s as of %s on Step Functions: %s%n", capitalised(job.wireName()), table, time,
                ok() ? "done" : "FAILED (" + error() + ")"));
        b.append(String.format("  %d segments, %d of %d partitions done, %d invocations, %.1f worker-seconds%s%n",
                segments, coverage.partitionsDone(), coverage.partitions(), coverage.invocations(),
                coverage.workerSeconds(), coverage.durationMillis() != null
                        ? String.format(", %.1f s", coverage.durationMillis() / 1000.0) : ""));
        long missingVersions = 0;
        if (counts instanceof RestoreCounts c) {
            c.describeWrites(b, !c.dryRun());
            b.append(String.format("  %d WCU in %d BatchWriteItem calls (%d retries)%n", c.writeUnits(),
                    c.batchWriteCalls(), c.batchWriteRetries()));
            missingVersions = c.s3().getOrDefault("loggedVersionsMissing", 0L);
        } else if (counts instanceof RevertCounts c) {
            c.describe(b);
        } else if (counts instanceof ChangesCounts c) {
            c.describe(b);
        } else if (counts instanceof SnapshotCounts c) {
            b.append(String.format("  %d items in %d files, %,d bytes (gzip)%s%n", c.items(), c.files().size(), c.bytes(),
                    manifest != null ? "; manifest " + manifest : ""));
            missingVersions = c.loggedVersionsMissing();
        } else if (counts instanceof VerifyCounts c) {
            if (scan != null) {
                b.append(String.format("  scanned %d items (%d in scope) in %d invocations, %.1f RCU%n", scan.items(),
                        scan.inScope(), scan.invocations(), scan.consumedReadCapacity()));
            }
            b.append(String.format("  %s: table items %d, backup items %d%n", c.differences() == 0 ? "OK" : "DIFFERENCES",
                    c.tableItems(), c.backupItems()));
            c.describe(b);
        }
        if (missingVersions > 0) {
            b.append(String.format("  WARNING: %d changes in the change log have no object version in the bucket any more%n",
                    missingVersions));
        }
        coverage.describeGaps(b);
        return b.toString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static ArrayNode array(java.util.Collection<?> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.stream().limit(MAX_LISTED).forEach(v -> {
            if (v instanceof Integer i) {
                a.add(i);
            } else {
                a.add(String.valueOf(v));
            }
        });
        return a;
    }
}
