package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.verify.Verifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Verify's compare phase, one segment: the verify engine ({@link Verifier#run}) compares the
 * backup's latest state of the segment's partitions with their share of the table the scan phase
 * wrote ({@link ScannedTable}), partition by partition as the gate lets them start, exactly as
 * {@code verify} on one machine compares each partition with its share of its table spool.
 */
record VerifySegment(S3Client s3, DynamoDbClient dynamoDb) implements SegmentWork {

    /** Partitions compared at once. */
    static final int THREADS = 4;

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception {
        ScannedTable table = ScannedTable.read(s3, request);
        Verifier.ShareComparison result = new Verifier(dynamoDb, s3, THREADS).run((VerifyJobSpec) request.job(),
                request.segment(task.segment, task.remaining), gate, table);
        return new Outcome(result.partitionsInScope(), result.partitionsDone(), result.counts());
    }
}
