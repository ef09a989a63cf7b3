package dev.ddbbackup.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobKind;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.MergedReport;
import dev.ddbbackup.fanout.SegmentReport;
import dev.ddbbackup.observability.CurrentRequest;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.snapshot.SnapshotFile;
import dev.ddbbackup.snapshot.SnapshotPartitions;
import dev.ddbbackup.snapshot.SnapshotTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The merge step: reads every invocation report of a job from its work location, adds them up
 * ({@link MergedReport}), checks that every partition of every segment was done exactly once, and
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
            ObjectNode report = merged.toJson();
            if (request.job == JobKind.VERIFY) {
                ObjectNode scan = scanSummary(request);
                report.set("scan", scan);
                ((ObjectNode) report.path("counts")).put("consumedReadCapacity", scan.path("consumedReadCapacity").asDouble());
            }
            if (request.job == JobKind.SNAPSHOT && merged.ok()) {
                report.put("manifest", writeSnapshotManifest(request, report));
            }
            clients.s3().putObject(b -> b.bucket(request.work.bucket).key(request.work.mergedReportKey())
                    .contentType("application/json"), RequestBody.fromBytes(MAPPER.writeValueAsBytes(report)));
            log.info("job merged", "job", request.job.wireName(), "table", request.table, "ok", merged.ok(),
                    "reports", reports.size(), "report", "s3://" + request.work.bucket + "/" + request.work.mergedReportKey());
            ObjectNode out = MAPPER.createObjectNode();
            out.put("ok", merged.ok());
            out.put("error", merged.ok() ? null : report.path("error").asText());
            out.set("report", report);
            out.put("reportJson", MAPPER.writeValueAsString(report));
            MAPPER.writeValue(output, out);
        }
    }

    private List<SegmentReport> readReports(JobRequest request) throws IOException {
        List<SegmentReport> reports = new ArrayList<>();
        for (S3Object o : clients.s3().listObjectsV2Paginator(b -> b.bucket(request.work.bucket)
                .prefix(request.work.reportsPrefix())).contents()) {
            if (!o.key().endsWith(".json")) {
                continue;
            }
            byte[] json = clients.s3().getObjectAsBytes(b -> b.bucket(request.work.bucket).key(o.key())).asByteArray();
            reports.add(SegmentReport.fromJson(MAPPER.readTree(json)));
        }
        return reports;
    }

    /** What a verify's scan phase read, from its reports: items, items in scope, pages, read capacity, invocations. */
    private ObjectNode scanSummary(JobRequest request) throws IOException {
        ObjectNode sum = MAPPER.createObjectNode();
        sum.put("items", 0L).put("inScope", 0L).put("pages", 0L).put("consumedReadCapacity", 0.0).put("invocations", 0L);
        for (S3Object o : clients.s3().listObjectsV2Paginator(b -> b.bucket(request.work.bucket)
                .prefix(request.work.scanPrefix())).contents()) {
            if (!o.key().endsWith(".json")) {
                continue;
            }
            JsonNode r = MAPPER.readTree(clients.s3().getObjectAsBytes(b -> b.bucket(request.work.bucket).key(o.key()))
                    .asByteArray());
            sum.put("items", sum.path("items").asLong() + r.path("items").asLong());
            sum.put("inScope", sum.path("inScope").asLong() + r.path("inScope").asLong());
            sum.put("pages", sum.path("pages").asLong() + r.path("pages").asLong());
            sum.put("consumedReadCapacity", sum.path("consumedReadCapacity").asDouble()
                    + r.path("consumedReadCapacity").asDouble());
            sum.put("invocations", sum.path("invocations").asLong() + 1);
        }
        return sum;
    }

    /** The manifest of a complete snapshot from the files every segment reported. */
    private String writeSnapshotManifest(JobRequest request, ObjectNode report) throws IOException {
        JsonNode counts = report.path("counts");
        List<SnapshotFile> files = new ArrayList<>();
        for (JsonNode f : counts.path("files")) {
            files.add(SnapshotPartitions.file(f.path("location").asText(), f.path("items").asLong(),
                    f.path("bytes").asLong(), f.path("sha256").asText()));
        }
        Set<String> timeSources = new TreeSet<>(List.of(counts.path("timeSource").asText("AUTO").split(", ")));
        return SnapshotPartitions.writeManifest(SnapshotTarget.parse(request.out, clients.s3()), request.table,
                request.time, request.bucket, request.prefix, request.tenant, String.join(", ", timeSources), files,
                clock.instant());
    }

}
