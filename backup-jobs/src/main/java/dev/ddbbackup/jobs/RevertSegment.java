package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.RevertCounts;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.state.Progress;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A revert of one segment's partitions with the revert engine ({@link RevertJob}), the job exactly
 * as the command line built it, on the worker's segment (with its share of {@code --max-wcu}) and a
 * gate that stops starting partitions when the invocation's time runs low. Problems in the backup
 * stop the segment before its first write and are reported, not thrown: the command line's check
 * execution (a dry run of every segment) lists them and starts no writing execution.
 */
record RevertSegment(S3Client s3, DynamoDbClient dynamoDb) implements SegmentWork {

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) {
        RevertJob.Share run = new RevertJob(s3, dynamoDb).run((RevertJobSpec) request.job(),
                request.segment(task.segment, task.remaining), gate, Progress.none());
        return new Outcome(run.partitionsInScope(), run.partitionsDone(), RevertCounts.of(run));
    }
}
