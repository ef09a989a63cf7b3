package dev.ddbbackup.jobs;

import dev.ddbbackup.backup.BackupDataException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentReport;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.config.ConfigException;
import dev.ddbbackup.observability.CurrentRequest;
import dev.ddbbackup.observability.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The segment worker: one invocation works on one segment of a fanned-out job (restore, revert,
 * changes, snapshot or verify) until its time budget is spent, writes what it did to the job's work location, and
 * answers with the partitions still left, which the state machine passes to the next invocation.
 *
 * <p>A {@link RequestStreamHandler}: the event and the answer are this project's own JSON
 * ({@link SegmentTask}, {@link JobRequest}), read and written with Jackson here, so no field
 * depends on the runtime's POJO serialiser's naming rules, and the runtime's event serialiser
 * (with its Joda-Time module) is never used.
 *
 * <p>Each function of the template serves one job kind ({@code JOB_KIND}), with a role for that
 * job only; an event of another kind is refused. A revert writes target tables as a restore does
 * and runs on the restore's function ({@link JobKind#runsOn}), and so does a changes listing.
 */
public final class SegmentHandler implements RequestStreamHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JobKind kind;
    private final JobClients clients;
    private final JsonLog log;

    /** What the Lambda runtime calls: configuration from the environment. */
    public SegmentHandler() {
        this(System.getenv(), JobClients.fromEnvironment(System.getenv()), JsonLog.stdout(System.getenv()));
    }

    SegmentHandler(Map<String, String> env, JobClients clients, JsonLog log) {
        String kind = env.get("JOB_KIND");
        if (kind == null || kind.isBlank()) {
            throw new ConfigException("JOB_KIND is not set (restore, snapshot or verify): the job this function serves");
        }
        try {
            this.kind = JobKind.parse(kind.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("JOB_KIND: " + e.getMessage());
        }
        this.clients = clients;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String requestId = context == null ? "local" : context.getAwsRequestId();
        long remaining = context == null ? 900_000 : context.getRemainingTimeInMillis();
        try (CurrentRequest.Scope scope = CurrentRequest.begin(requestId)) {
            long started = System.nanoTime();
            SegmentTask task;
            JobRequest request;
            try {
                task = SegmentTask.fromJson(MAPPER.readTree(input));
                request = JobRequest.fromJson(task.request);
            } catch (IllegalArgumentException | IOException e) {
                throw refused("The event is not a segment task: " + e.getMessage());
            }
            if (request.kind().runsOn() != kind) {
                throw refused("This function runs " + kind.wireName() + " segments, the event is a "
                        + request.kind().wireName() + " segment");
            }
            if (task.segment < 0 || task.segment >= request.segments()) {
                throw refused("Segment " + task.segment + " is not one of 0.." + (request.segments() - 1));
            }
            if (kind == JobKind.VERIFY && task.phase == null) {
                throw refused("A verify segment task names its phase (scan or compare): the verify state machine's"
                        + " Maps set it");
            }
            if (kind != JobKind.VERIFY && task.phase != null) {
                throw refused("A " + kind.wireName() + " job has no phase '" + task.phase + "'");
            }
            log.info("segment started", "job", request.kind().wireName(), "table", request.job().table(), "segment", task.segment,
                    "segments", request.segments(), "invocation", task.invocation, "phase", task.phase,
                    "partitionsLeft", task.remaining == null ? "all" : task.remaining.size(), "work", request.work().toString());
            if (SegmentTask.SCAN.equals(task.phase)) {
                ObjectNode next = scan(request, task, requestId, remaining);
                log.info("scan invocation done", "job", kind.wireName(), "segment", task.segment, "invocation",
                        task.invocation, "items", next.path("lastInvocation").path("items").asLong(),
                        "done", next.path("done").asBoolean(), "durationMillis",
                        next.path("lastInvocation").path("durationMillis").asLong());
                MAPPER.writeValue(output, next);
                return;
            }
            DeadlineGate gate = DeadlineGate.forInvocation(request.budgetSeconds(), request.maxPartitionsPerInvocation(),
                    remaining);
            SegmentWork.Outcome outcome = work(request, task, gate);
            long millis = (System.nanoTime() - started) / 1_000_000;
            SegmentReport report = new SegmentReport(request.kind(), task.segment, task.invocation, requestId,
                    task.invocation == 0 ? outcome.partitionsInScope() : null, outcome.partitionsDone(), millis,
                    outcome.counts());
            writeReport(request, report);
            List<String> left = outcome.left();
            ObjectNode progress = MAPPER.createObjectNode();
            progress.put("partitionsDone", outcome.partitionsDone().size());
            progress.put("durationMillis", millis);
            progress.put("requestId", requestId);
            ObjectNode next = task.next(left, outcome.partitionsInScope().size(), outcome.partitionsDone().size(), progress);
            log.info("segment invocation done", "job", request.kind().wireName(), "segment", task.segment, "invocation",
                    task.invocation, "partitionsDone", outcome.partitionsDone().size(), "partitionsLeft", left.size(),
                    "durationMillis", millis);
            MAPPER.writeValue(output, next);
        }
    }

    private SegmentWork.Outcome work(JobRequest request, SegmentTask task, DeadlineGate gate) {
        SegmentWork work = switch (request.kind()) {
            case RESTORE -> new RestoreSegment(clients.s3(), clients.dynamoDb());
            case REVERT -> new RevertSegment(clients.s3(), clients.dynamoDb());
            case CHANGES -> new ChangesSegment(clients.s3());
            case SNAPSHOT -> new SnapshotSegment(clients.s3());
            case VERIFY -> new VerifySegment(clients.s3(), clients.dynamoDb());
        };
        return failures(task, () -> work.run(request, task, gate));
    }

    /** Verify's scan phase: one Scan segment of the table, until the invocation's time is spent. */
    private ObjectNode scan(JobRequest request, SegmentTask task, String requestId, long remainingMillis) {
        long stopStartingAt = DeadlineGate.stopStartingAt(request.budgetSeconds(), remainingMillis);
        return failures(task, () -> new VerifyScan(clients.s3(), clients.dynamoDb())
                .run(request, task, requestId, stopStartingAt));
    }

    /** Work that may fail. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work}, turning its failures into the two errors the state machine tells apart: a
     * refusal (retrying cannot help) or a failed invocation (retried with backoff).
     */
    private <T> T failures(SegmentTask task, Work<T> work) {
        try {
            return work.run();
        } catch (JobRefusedException e) {
            log.error("segment refused", "segment", task.segment, "error", e.getMessage());
            throw e;
        } catch (IllegalArgumentException | ConfigException e) {
            throw refused(e.getMessage());
        } catch (BackupDataException e) {
            // The backup itself is at fault (a version missing, an unusable image): a retry finds the same.
            throw refused(e.getMessage());
        } catch (Exception e) {
            log.error("segment failed", "segment", task.segment, "invocation", task.invocation, "error", e.toString(),
                    "stackTrace", stackTrace(e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new SegmentFailedException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void writeReport(JobRequest request, SegmentReport report) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(report.toJson());
        clients.s3().putObject(b -> b.bucket(request.work().bucket)
                        .key(request.work().invocationReportKey(report.segment(), report.invocation()))
                        .contentType("application/json"),
                RequestBody.fromBytes(json));
    }

    private JobRefusedException refused(String message) {
        log.error("segment refused", "error", message);
        return new JobRefusedException(message);
    }

    private static String stackTrace(Throwable e) {
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString();
    }
}
