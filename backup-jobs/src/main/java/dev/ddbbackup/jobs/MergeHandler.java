package dev.ddbbackup.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.MergedReport;
import dev.ddbbackup.fanout.ScanSummary;
import dev.ddbbackup.fanout.SegmentReport;
import dev.ddbbackup.fanout.SnapshotCounts;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.observability.CurrentRequest;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.snapshot.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The merge step: reads every invocation report of a job from its work location, adds them up
 * ({@link MergedReport}, kind by kind), checks that every partition of every segment was done exactly once, and
 * for a complete snapshot writes its manifest (last, as a local snapshot does). The merged report
 * is written beside the reports and returned: {@code ok}, {@code error} and {@code reportJson} (the
 * report as text) let the state machine fail the execution with the report as its cause.
 */
public final class MergeHandler implements RequestStreamHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JobClients clients;
    private final JsonLog log;
    private final Clock clock;

    public MergeHandler() {
        this(JobClients.fromEnvironment(System.getenv()), JsonLog.stdout(System.getenv()), Clock.systemUTC());
    }

    MergeHandler(JobClients clients, JsonLog log, Clock clock) {
        this.clients = clients;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (CurrentRequest.Scope scope = CurrentRequest.begin(context == null ? "local" : context.getAwsRequestId())) {
            JsonNode event = MAPPER.readTree(input);
            JobRequest request;
            try {
                request = JobRequest.fromJson(event.path("request"));
            } catch (IllegalArgumentException e) {
                log.error("merge refused", "error", e.getMessage());
                throw new JobRefusedException("The merge event has no valid 'request': " + e.getMessage());
            }
            List<SegmentReport> reports = readReports(request);
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
            clients.s3().putObject(b -> b.bucket(request.work().bucket).key(request.work().mergedReportKey())
                    .contentType("application/json"), RequestBody.fromBytes(MAPPER.writeValueAsBytes(report)));
            log.info("job merged", "job", request.kind().wireName(), "table", request.job().table(), "ok", merged.ok(),
                    "reports", reports.size(), "report", "s3://" + request.work().bucket + "/"
                            + request.work().mergedReportKey());
            ObjectNode out = MAPPER.createObjectNode();
            out.put("ok", merged.ok());
            out.put("error", merged.error());
            out.set("report", report);
            out.put("reportJson", MAPPER.writeValueAsString(report));
            MAPPER.writeValue(output, out);
        }
    }

    private List<SegmentReport> readReports(JobRequest request) throws IOException {
        List<SegmentReport> reports = new ArrayList<>();
        for (S3Object o : clients.s3().listObjectsV2Paginator(b -> b.bucket(request.work().bucket)
                .prefix(request.work().reportsPrefix())).contents()) {
            if (!o.key().endsWith(".json")) {
                continue;
            }
            byte[] json = clients.s3().getObjectAsBytes(b -> b.bucket(request.work().bucket).key(o.key())).asByteArray();
            reports.add(SegmentReport.fromJson(MAPPER.readTree(json)));
        }
        return reports;
    }

    /** What a verify's scan phase read, from its reports: items, items in scope, pages, read capacity, invocations. */
    private ScanSummary scanSummary(JobRequest request) throws IOException {
        ScanSummary sum = ScanSummary.ZERO;
        for (S3Object o : clients.s3().listObjectsV2Paginator(b -> b.bucket(request.work().bucket)
                .prefix(request.work().scanPrefix())).contents()) {
            if (!o.key().endsWith(".json")) {
                continue;
            }
            sum = sum.plus(ScanSummary.ofInvocation(MAPPER.readTree(clients.s3().getObjectAsBytes(b -> b
                    .bucket(request.work().bucket).key(o.key())).asByteArray())));
        }
        return sum;
    }
}
