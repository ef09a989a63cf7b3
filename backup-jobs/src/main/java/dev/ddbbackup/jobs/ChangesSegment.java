package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.ChangesCounts;
import dev.ddbbackup.fanout.ChangesListing;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.job.ChangesJobSpec;
import dev.ddbbackup.revert.ChangesJob;
import dev.ddbbackup.revert.ListedChange;
import dev.ddbbackup.state.Progress;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A changes listing of one segment's partitions ({@link ChangesJob}), the job exactly as the command
 * line built it: the items read go to the job's work location as this invocation's listing (written
 * before its report, which names what the listing holds), the counts to its report.
 */
record ChangesSegment(S3Client s3) implements SegmentWork {

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) {
        ChangesJob.Share run = new ChangesJob(s3).run((ChangesJobSpec) request.job(),
                request.segment(task.segment, task.remaining), gate, Progress.none());
        ChangesListing.write(s3, request.work(), task.segment, task.invocation,
                run.changes().items().stream().map(ListedChange::of).toList());
        return new Outcome(run.partitionsInScope(), run.partitionsDone(), ChangesCounts.of(run.changes()));
    }
}
