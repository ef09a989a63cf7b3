package dev.ddbbackup.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.MergedReport;
import dev.ddbbackup.fanout.ScanSummary;
import dev.ddbbackup.fanout.SegmentReport;
import dev.ddbbackup.fanout.SnapshotCounts;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.snapshot.Snapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The merge step: reads every invocation report of a job from its work location, adds them up
 * ({@link MergedReport}, kind by kind), checks that every partition of every segment was done exactly once, and
 * for a complete snapshot writes its manifest (last, as a local snapshot does). The merged report
 * is written beside the reports and returned: {@code ok}, {@code error} and {@code reportJson} (the
 * report as text) let the state machine fail the execution with the report as its cause.
 */
public final class MergeHandler extends JobHandler {

    @Override
    JsonNode handle(JsonNode event, Context context) throws IOException {
        JobRequest request;
        try {
            request = JobRequest.fromJson(event.path("request"));
        } catch (IllegalArgumentException e) {
            log.error("merge refused", "error", e.getMessage());
            throw new JobRefusedException("The merge event has no valid 'request': " + e.getMessage());
        }
        List<SegmentReport> reports = request.work().readJson(clients.s3(), request.work().reportsPrefix()).stream()
                .map(SegmentReport::fromJson).toList();
        Instant started = event.hasNonNull("startTime") ? Instant.parse(event.get("startTime").asText()) : null;
        MergedReport merged = MergedReport.merge(request, reports, event.path("segmentResults"),
                event.hasNonNull("mapError") ? event.get("mapError") : null, started, clock.instant());
        if (request.kind() == JobKind.VERIFY) {
            merged = merged.withScan(scanSummary(request));
        }
        if (merged.counts() instanceof SnapshotCounts files && merged.ok()) {
            merged = merged.withManifest(Snapshot.writeManifest(clients.s3(),
                    (SnapshotJobSpec) request.job(), files.timeSource(), files.files(), clock.instant()));
        }
        ObjectNode report = merged.toJson();
        request.work().putJson(clients.s3(), request.work().mergedReportKey(), report);
        log.info("job merged", "job", request.kind().wireName(), "table", request.job().table(), "ok", merged.ok(),
                "reports", reports.size(), "report", "s3://" + request.work().bucket + "/"
                        + request.work().mergedReportKey());
        ObjectNode out = MAPPER.createObjectNode();
        out.put("ok", merged.ok());
        out.put("error", merged.error());
        out.set("report", report);
        out.put("reportJson", MAPPER.writeValueAsString(report));
        return out;
    }

    /** What a verify's scan phase read, from its reports: items, items in scope, pages, read capacity, invocations. */
    private ScanSummary scanSummary(JobRequest request) throws IOException {
        return request.work().readJson(clients.s3(), request.work().scanPrefix()).stream()
                .map(ScanSummary::ofInvocation).reduce(ScanSummary.ZERO, ScanSummary::plus);
    }
}
