package dev.ddbbackup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.MergedReport;
import dev.ddbbackup.restore.RestoreCounts;
import dev.ddbbackup.fanout.RevertCounts;
import dev.ddbbackup.fanout.SnapshotCounts;
import dev.ddbbackup.fanout.SegmentReport;
import dev.ddbbackup.fanout.WorkLocation;
import dev.ddbbackup.job.Job;
import dev.ddbbackup.job.JobKind;
import dev.ddbbackup.stepfunctions.StepFunctionsClient;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs a job on the state machine: finds the stack's job bucket (the state machine's
 * {@code ddb-backup:job-bucket} tag), starts an execution whose input is the job request and the
 * segment numbers, prints progress per segment from the workers' reports in the job bucket until
 * the execution ends, then prints the merged report (the execution's output, or its cause when it
 * failed). Exit code 0 when the merged report is ok, 1 otherwise, as a local run.
 */
final class StepFunctionsJob {

    /** The state machine tag that names the job bucket (template: Tags of the state machines). */
    static final String JOB_BUCKET_TAG = "ddb-backup:job-bucket";
    /** The state machine tag that names the job it runs (restore, snapshot, verify; a revert runs on restore's). */
    static final String JOB_TAG = "ddb-backup:job";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StepFunctionsClient stepFunctions;
    private final S3Client s3;
    private final String stateMachineArn;
    private final int pollSeconds;
    private final PrintStream progress;
    private Map<String, String> tags;

    StepFunctionsJob(StepFunctionsClient stepFunctions, S3Client s3, String stateMachineArn, int pollSeconds,
            PrintStream progress) {
        this.stepFunctions = stepFunctions;
        this.s3 = s3;
        this.stateMachineArn = stateMachineArn;
        this.pollSeconds = Math.max(1, pollSeconds);
        this.progress = progress;
    }

    /** The job bucket of the state machine's stack. */
    String jobBucket() {
        // A state machine that is not there is a usage error named by Failure, before anything starts.
        tags = stepFunctions.listTags(stateMachineArn);
        String bucket = tags.get(JOB_BUCKET_TAG);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("The state machine " + stateMachineArn + " has no " + JOB_BUCKET_TAG
                    + " tag: is it the RestoreStateMachineArn, SnapshotStateMachineArn or VerifyStateMachineArn output of"
                    + " a ddb-backup stack"
                    + " deployed with FanOut=true?");
        }
        return bucket;
    }

    /** An execution name: the job, the table and the time, unique, within Step Functions' 80 characters. */
    static String executionName(String kind, String table, Instant now) {
        String safeTable = table.replaceAll("[^A-Za-z0-9_-]", "-");
        String name = kind + "-" + safeTable;
        String suffix = "-" + NAME_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return (name.length() > 80 - suffix.length() ? name.substring(0, 80 - suffix.length()) : name) + suffix;
    }

    /**
     * Runs {@code check} (a dry run of {@code job}: every segment reads and checks everything and
     * writes nothing), then {@code job} only when the check ran completely and found no problem in
     * the backup: so every image of the whole job is checked before the first write of any
     * segment, as on one machine. Without a check, only {@code job}. Prints the merged report of
     * the last execution run; the exit code.
     */
    int run(Job check, Job job, int segments, RunOptions run) throws InterruptedException {
        MergedReport report;
        if (check != null) {
            report = execute(check, segments, "check").report();
            if (report != null && !report.checkPassed()) {
                progress.println("The check found problems (listed): nothing was written.");
            } else if (report != null) {
                report = execute(job, segments, null).report();
            }
        } else {
            report = execute(job, segments, null).report();
        }
        return print(report, run);
    }

    /** Prints the merged report ({@code --json} or for people); the exit code. */
    static int print(MergedReport report, RunOptions run) {
        if (report == null) {
            return Main.EXIT_PROBLEM;
        }
        run.print(mapper -> report.toJson(), report.summary());
        return ExitCodes.of(report);
    }

    /** An execution that ended: where its workers wrote, and its merged report (null when it has none). */
    record Finished(WorkLocation work, MergedReport report) {
    }

    /** One execution of {@code job}, watched to its end: its merged report, or null (said why) when it has none. */
    Finished execute(Job job, int segments, String phase) throws InterruptedException {
        String kind = job.kind().wireName();
        String runsOn = job.kind().runsOn().wireName();
        String table = job.table();
        String bucket = jobBucket();
        String runs = tags.get(JOB_TAG);
        if (runs != null && !runs.equals(runsOn)) {
            throw new IllegalArgumentException("The state machine " + stateMachineArn + " runs " + runs + " jobs, not "
                    + kind + ": use the stack's " + runsOn.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                    + runsOn.substring(1) + "StateMachineArn output");
        }
        // A wrong bucket, prefix or table is refused here, before an execution (and its workers) starts.
        job.backup().reader(s3).requireBackup();
        String name = executionName(phase == null ? kind : kind + "-" + phase, table, Instant.now());
        JobRequest request = JobRequest.builder(job).segments(segments).work(WorkLocation.forExecution(bucket, name))
                .build();
        ObjectNode input = MAPPER.createObjectNode();
        input.set("request", request.toJson());
        ArrayNode indexes = input.putArray("segmentIndexes");
        for (int i = 0; i < request.segments(); i++) {
            indexes.add(i);
        }
        String executionArn = stepFunctions.startExecution(stateMachineArn, name, input.toString());
        progress.printf("Started %s on Step Functions: %d segments, %d partitions%n  execution %s%n  reports   %s%n",
                phase == null ? kind : kind + " (" + phase + ", nothing written)", request.segments(),
                job.width().count(), executionArn, request.work());
        StepFunctionsClient.Execution execution;
        Progress seen = new Progress(request);
        while (true) {
            execution = stepFunctions.describeExecution(executionArn);
            seen.update();
            if (execution.finished()) {
                break;
            }
            Thread.sleep(pollSeconds * 1000L);
        }
        MergedReport report = report(execution);
        if (report == null) {
            progress.printf("The execution ended %s without a merged report: %s: %s%n", execution.status(),
                    execution.error(), execution.cause());
        }
        return new Finished(request.work(), report);
    }

    /** The merged report: the output of a succeeded execution, the cause of one the merge step failed. */
    private static MergedReport report(StepFunctionsClient.Execution execution) {
        String text = "SUCCEEDED".equals(execution.status()) ? execution.output() : execution.cause();
        if (text == null) {
            return null;
        }
        try {
            return MergedReport.fromJson(MAPPER.readTree(text));
        } catch (Exception notAReport) {
            return null;
        }
    }

    /**
     * Per segment: partitions done of its partitions, from the invocation reports written so far;
     * before that, for a verify, the Scan segments done and the items scanned.
     */
    private final class Progress {
        private final JobRequest request;
        private final Map<String, SegmentReport> reports = new HashMap<>();
        private final Map<String, JsonNode> scans = new HashMap<>();
        private boolean scanDone;
        private String last = "";

        Progress(JobRequest request) {
            this.request = request;
        }

        void update() {
            if (request.kind() == JobKind.VERIFY && !scanDone()) {
                return;
            }
            if (!readNew(request.work().reportsPrefix(), reports, SegmentReport::fromJson)) {
                return;
            }
            Map<Integer, int[]> bySegment = new TreeMap<>();
            long puts = 0;
            long items = 0;
            for (SegmentReport r : reports.values()) {
                int[] counts = bySegment.computeIfAbsent(r.segment(), s -> new int[] {-1, 0});
                if (r.segmentPartitions() != null) {
                    counts[0] = r.segmentPartitions().size();
                }
                counts[1] += r.partitionsDone().size();
                if (r.counts() instanceof RestoreCounts c) {
                    puts += c.total().puts() + c.total().deletes();
                } else if (r.counts() instanceof RevertCounts c) {
                    puts += c.puts() + c.deletes();
                } else if (r.counts() instanceof SnapshotCounts c) {
                    items += c.items();
                }
            }
            StringBuilder line = new StringBuilder();
            int finished = 0;
            for (Map.Entry<Integer, int[]> e : bySegment.entrySet()) {
                if (e.getValue()[0] >= 0 && e.getValue()[1] >= e.getValue()[0]) {
                    finished++;
                }
                if (bySegment.size() <= 16) {
                    line.append(String.format(" %d:%d/%s", e.getKey(), e.getValue()[1],
                            e.getValue()[0] < 0 ? "?" : Integer.toString(e.getValue()[0])));
                }
            }
            String text = String.format("  %d of %d segments done%s%s", finished, request.segments(),
                    line.length() == 0 ? "" : "; partitions done per segment" + line,
                    puts + items > 0 ? String.format("; %,d items %s", puts + items, items > 0 ? "written" : "put or deleted")
                            : "");
            show(text);
        }

        /** Reads the reports under {@code prefix} not read yet into {@code seen}; false when S3 cannot be read. */
        private <T> boolean readNew(String prefix, Map<String, T> seen, Function<JsonNode, T> parse) {
            String bucket = request.work().bucket;
            try {
                for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                    if (o.key().endsWith(".json") && !seen.containsKey(o.key())) {
                        seen.put(o.key(), parse.apply(MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key()))
                                .asByteArray())));
                    }
                }
                return true;
            } catch (Exception e) {
                progress.println("  (progress not readable from " + request.work() + ": " + e.getMessage() + ")");
                return false;
            }
        }

        private void show(String text) {
            if (!text.equals(last)) {
                progress.println(text);
                last = text;
            }
        }

        /** Shows the scan phase's progress; true once every Scan segment has reached its end. */
        private boolean scanDone() {
            if (scanDone) {
                return true;
            }
            if (!readNew(request.work().scanPrefix(), scans, report -> report)) {
                return false;
            }
            java.util.Set<Integer> ended = new java.util.TreeSet<>();
            long items = 0;
            for (JsonNode r : scans.values()) {
                items += r.path("items").asLong();
                if (r.path("end").isNull()) {
                    ended.add(r.path("segment").asInt());
                }
            }
            show(String.format("  scan: %d of %d Scan segments done; %,d items scanned", ended.size(), request.segments(),
                    items));
            scanDone = ended.size() == request.segments();
            return scanDone;
        }
    }

}
