package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.fanout.SegmentTask;
import java.util.List;

/** One job kind's work on one segment within one invocation. */
interface SegmentWork {

    /** What an invocation did: the partitions it had in scope, those it finished, and the job's counts for those. */
    record Outcome(List<String> partitionsInScope, List<String> partitionsDone, SegmentCounts counts) {

        /** The partitions in scope that were not finished, in order. */
        List<String> left() {
            return partitionsInScope.stream().filter(id -> !partitionsDone.contains(id)).toList();
        }
    }

    Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception;
}
