package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.fanout.SnapshotCounts;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.snapshot.Snapshot;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One segment's share of a snapshot: the data files of its partitions under the snapshot's
 * {@code data/}, listed (location, items, bytes, SHA-256) in the invocation's report; the merge
 * step writes the manifest from every report once all segments are done.
 */
record SnapshotSegment(S3Client s3) implements SegmentWork {

    /** Partitions written at once (each with its own open gzip file in /tmp). */
    static final int THREADS = 4;

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception {
        SnapshotJobSpec job = (SnapshotJobSpec) request.job();
        if (!job.out().startsWith("s3://")) {
            throw new JobRefusedException("A snapshot on Step Functions goes to S3 (s3://BUCKET/PREFIX/), not " + job.out());
        }
        Snapshot.Share result = new Snapshot(s3, Clock.systemUTC(), THREADS).run(job,
                request.segment(task.segment, task.remaining), gate);
        return new Outcome(result.partitionsInScope(), result.partitionsDone(), SnapshotCounts.of(result));
    }
}
