package dev.ddbbackup.revert;

import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.ChangeWindow;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.ChangesJobSpec;
import dev.ddbbackup.job.Job;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.state.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads the items changed in a window for {@code changes}: on this machine {@link Segment#all()},
 * on a fanned-out worker its segment, whose gate stops starting partitions when the invocation's
 * time runs low.
 */
public record ChangesJob(S3Client s3) {

    /** What one run read: the window's items, the partitions it had in scope and those it finished. */
    public record Share(WindowChanges changes, List<String> partitionsInScope, List<String> partitionsDone) {
    }

    public Share run(ChangesJobSpec job, Segment segment, PartitionGate gate, Progress progress) {
        return read(job, job.from(), job.to(), null, segment, gate, progress);
    }

    /**
     * The window (from, to] of {@code segment}'s partitions of {@code job}, a listing or a revert (which
     * reads the same way, then writes): {@code targetKey} is the key images are checked against, or null.
     */
    Share read(Job job, Instant from, Instant to, KeySchema targetKey, Segment segment, PartitionGate gate,
            Progress progress) {
        Set<String> started = ConcurrentHashMap.newKeySet();
        try (BackupView view = ChangeWindow.open(job.backup().reader(s3), segment.scope(job.scope()), from, to)) {
            List<String> inScope = view.partitions().stream().map(Partition::id).toList();
            WindowChanges changes = WindowChanges.read(view, p -> gate.tryStart(p) && started.add(p.id()), from, to,
                    targetKey, progress, job.backup().concurrency());
            return new Share(changes, inScope, inScope.stream().filter(started::contains).toList());
        }
    }
}
