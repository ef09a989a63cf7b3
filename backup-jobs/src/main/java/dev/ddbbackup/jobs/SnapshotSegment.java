package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.snapshot.SnapshotFile;
import dev.ddbbackup.snapshot.SnapshotPartitions;
import dev.ddbbackup.snapshot.SnapshotTarget;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One segment's share of a snapshot: the data files of its partitions under the snapshot's
 * {@code data/}, listed (location, items, bytes, SHA-256) in the invocation's report; the merge
 * step writes the manifest from every report once all segments are done.
 */
final class SnapshotSegment implements SegmentWork {

    /** Partitions written at once (each with its own open gzip file in /tmp). */
    static final int THREADS = 4;

    private final S3Client s3;

    SnapshotSegment(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception {
        if (!request.out.startsWith("s3://")) {
            throw new JobRefusedException("A snapshot on Step Functions goes to S3 (s3://BUCKET/PREFIX/), not " + request.out);
        }
        SnapshotTarget target = SnapshotTarget.parse(request.out, s3);
        try (BackupView view = Scopes.reader(s3, request).open(Scopes.scope(request, task))) {
            SnapshotPartitions.Result result = SnapshotPartitions.write(view, request.time, target, request.maxFileBytes,
                    THREADS, Math.max(1, request.concurrency), task.segment, gate);
            ObjectNode counts = JsonNodeFactory.instance.objectNode();
            counts.put("items", result.files().stream().mapToLong(f -> f.items).sum());
            counts.put("bytes", result.files().stream().mapToLong(f -> f.bytes).sum());
            counts.put("itemsRead", result.itemsRead());
            counts.put("loggedVersionsMissing", result.loggedVersionsMissing());
            counts.put("timeSource", result.timeSource());
            ArrayNode files = counts.putArray("files");
            for (SnapshotFile f : result.files()) {
                files.addObject().put("location", f.location).put("items", f.items).put("bytes", f.bytes)
                        .put("sha256", f.sha256);
            }
            return new Outcome(result.partitionsInScope(), result.partitionsDone(), counts);
        }
    }
}
