package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.restore.TableCreator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A restore of one segment's partitions with the restore engine ({@link RestoreJob}), the job
 * exactly as the command line built it, on the worker's segment (with its share of
 * {@code --max-wcu}) and a gate that stops starting partitions when the invocation's time runs low.
 */
record RestoreSegment(S3Client s3, DynamoDbClient dynamoDb) implements SegmentWork {

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception {
        RestoreJobSpec job = (RestoreJobSpec) request.job();
        if (!job.dryRun() && !TableCreator.exists(dynamoDb, job.targetTable())) {
            throw new JobRefusedException("Target table " + job.targetTable() + " does not exist (the command line"
                    + " creates it with --create-table before it starts the execution)");
        }
        RestoreReport report = new RestoreJob(s3, dynamoDb).run(job, request.segment(task.segment, task.remaining), gate);
        // A segment that stopped (problems in the backup) or was refused wrote nothing; retrying it
        // would find the same, so both end the job with the restore's own message.
        if (report.endedBeforeAnyWrite()) {
            throw new JobRefusedException("Segment " + task.segment + ": " + report.message());
        }
        return new Outcome(report.partitionIds(), report.partitionsDoneInOrder(), report.counts());
    }
}
