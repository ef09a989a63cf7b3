package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.restore.RestoreRequest;
import dev.ddbbackup.restore.TableCreator;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A restore of one segment's partitions with the restore engine ({@link RestoreJob}), exactly as
 * {@code restore --segment i --segments N} runs it on a machine, with the worker's share of
 * {@code --max-wcu} and a gate that stops starting partitions when the invocation's time runs low.
 */
final class RestoreSegment implements SegmentWork {

    /** Fields of the engine's JSON report that describe the run, not the partitions: not added up. */
    private static final List<String> NOT_SUMMED = List.of("sourceTable", "targetTable", "time", "partitions",
            "durationMs", "itemsPerSecond");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    RestoreSegment(S3Client s3, DynamoDbClient dynamoDb) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
    }

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception {
        if (!request.dryRun && !TableCreator.exists(dynamoDb, request.targetTable)) {
            throw new JobRefusedException("Target table " + request.targetTable + " does not exist (the command line"
                    + " creates it with --create-table before it starts the execution)");
        }
        RestoreRequest restore = RestoreRequest.builder(request.targetTable, request.time)
                .scope(Scopes.scope(request, task))
                .dryRun(request.dryRun)
                .targetIsNew(request.targetIsNew)
                .allowDeleteAll(request.allowDeleteAll)
                .allowMissingVersions(request.allowMissingVersions)
                .skipBadObjects(request.skipBadObjects)
                .maxWcu(request.maxWcuPerWorker())
                .getConcurrency(request.concurrency)
                .partitionGate(gate)
                .build();
        RestoreReport report = new RestoreJob(Scopes.reader(s3, request), dynamoDb).run(restore, request.table);
        // A segment that stopped (problems in the backup) or was refused wrote nothing; retrying it
        // would find the same, so both end the job with the restore's own message.
        if (report.outcome() == RestoreReport.Outcome.STOPPED || report.outcome() == RestoreReport.Outcome.REFUSED) {
            throw new JobRefusedException("Segment " + task.segment + ": " + report.message());
        }
        ObjectNode counts = (ObjectNode) MAPPER.readTree(report.toJson());
        counts.remove(NOT_SUMMED);
        List<String> done = report.partitionIds.stream().filter(report.partitionsDone::contains).toList();
        return new Outcome(report.partitionIds, done, counts);
    }
}
