package dev.ddbbackup.jobs;

import dev.ddbbackup.fanout.ChangesCounts;
import dev.ddbbackup.fanout.ChangesListing;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.RevertCounts;
import dev.ddbbackup.job.SegmentCounts;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.fanout.SnapshotCounts;
import dev.ddbbackup.job.ChangesJobSpec;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.restore.RestoreCounts;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.restore.TableCreator;
import dev.ddbbackup.revert.ChangesJob;
import dev.ddbbackup.revert.ListedChange;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.snapshot.Snapshot;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.verify.Verifier;
import dev.ddbbackup.verify.VerifyCounts;
import java.time.Clock;
import java.util.List;

/**
 * One job kind's work on one segment within one invocation: the kind's engine runs the job exactly
 * as the command line built it, on the worker's segment (with its share of the job's capacity caps,
 * {@code --max-wcu}, {@code --max-rcu}) and a gate that stops starting partitions when the
 * invocation's time runs low.
 */
record SegmentWork(JobClients clients, JobRequest request, SegmentTask task, DeadlineGate gate, Clock clock) {

    /** Partitions a snapshot writes at once (each with its own open gzip file in /tmp), or a verify compares at once. */
    static final int THREADS = 4;

    /** What an invocation did: the partitions it had in scope, those it finished, and the job's counts for those. */
    record Outcome(List<String> partitionsInScope, List<String> partitionsDone, SegmentCounts counts) {

        /** The partitions in scope that were not finished, in order. */
        List<String> left() {
            return partitionsInScope.stream().filter(id -> !partitionsDone.contains(id)).toList();
        }
    }

    Outcome run() throws Exception {
        return switch (request.kind()) {
            case RESTORE -> restore((RestoreJobSpec) request.job());
            case REVERT -> revert((RevertJobSpec) request.job());
            case CHANGES -> changes((ChangesJobSpec) request.job());
            case SNAPSHOT -> snapshot((SnapshotJobSpec) request.job());
            case VERIFY -> verify((VerifyJobSpec) request.job());
        };
    }

    private Segment segment() {
        return request.segment(task.segment(), task.remaining());
    }

    /** A restore of the segment's partitions with the restore engine ({@link RestoreJob}). */
    private Outcome restore(RestoreJobSpec job) throws Exception {
        if (!job.dryRun() && !TableCreator.exists(clients.dynamoDb(), job.targetTable())) {
            throw new JobRefusedException("Target table " + job.targetTable() + " does not exist (the command line"
                    + " creates it with --create-table before it starts the execution)");
        }
        RestoreReport report = new RestoreJob(clients.s3(), clients.dynamoDb()).run(job, segment(), gate);
        // A segment that stopped (problems in the backup) or was refused wrote nothing; retrying it
        // would find the same, so both end the job with the restore's own message.
        if (report.endedBeforeAnyWrite()) {
            throw new JobRefusedException("Segment " + task.segment() + ": " + report.message());
        }
        return new Outcome(report.partitionIds(), report.partitionsDoneInOrder(), report.counts());
    }

    /**
     * A revert of the segment's partitions with the revert engine ({@link RevertJob}). Problems in
     * the backup stop the segment before its first write and are reported, not thrown: the command
     * line's check execution (a dry run of every segment) lists them and starts no writing execution.
     */
    private Outcome revert(RevertJobSpec job) {
        RevertJob.Share run = new RevertJob(clients.s3(), clients.dynamoDb()).run(job, segment(), gate, Progress.none());
        return new Outcome(run.partitionsInScope(), run.partitionsDone(), RevertCounts.of(run));
    }

    /**
     * A changes listing of the segment's partitions ({@link ChangesJob}): the items read go to the
     * job's work location as this invocation's listing (written before its report, which names what
     * the listing holds), the counts to its report.
     */
    private Outcome changes(ChangesJobSpec job) {
        ChangesJob.Share run = new ChangesJob(clients.s3()).run(job, segment(), gate, Progress.none());
        ChangesListing.write(clients.s3(), request.work(), task.segment(), task.invocation(),
                run.changes().items().stream().map(ListedChange::of).toList());
        return new Outcome(run.partitionsInScope(), run.partitionsDone(), ChangesCounts.of(run.changes()));
    }

    /**
     * The segment's share of a snapshot: the data files of its partitions under the snapshot's
     * {@code data/}, listed (location, items, bytes, SHA-256) in the invocation's report; the merge
     * step writes the manifest from every report once all segments are done.
     */
    private Outcome snapshot(SnapshotJobSpec job) throws Exception {
        if (!job.out().startsWith("s3://")) {
            throw new JobRefusedException("A snapshot on Step Functions goes to S3 (s3://BUCKET/PREFIX/), not " + job.out());
        }
        Snapshot.Share result = new Snapshot(clients.s3(), clock, THREADS).run(job, segment(), gate);
        return new Outcome(result.partitionsInScope(), result.partitionsDone(), SnapshotCounts.of(result));
    }

    /**
     * Verify's compare phase: the verify engine ({@link Verifier#run}) compares the backup's latest
     * state of the segment's partitions with their share of the table the scan phase wrote
     * ({@link ScannedTable}), partition by partition as the gate lets them start, exactly as
     * {@code verify} on one machine compares each partition with its share of its table spool.
     */
    private Outcome verify(VerifyJobSpec job) throws Exception {
        ScannedTable table = ScannedTable.read(clients.s3(), request);
        Verifier.ShareComparison result = new Verifier(clients.dynamoDb(), clients.s3(), THREADS).run(job, segment(),
                gate, table);
        return new Outcome(result.partitionsInScope(), result.partitionsDone(), result.counts());
    }
}
