package dev.ddbbackup.snapshot;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.state.ItemState;
import dev.ddbbackup.state.StateAtTime;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One share of a snapshot written by several workers: the data files of some partitions of the
 * backup, each partition in files of its own named after it ({@code part-s{segment}-{partition}-NNNNN.json.gz}),
 * so a partition written again (a retried worker) replaces its files instead of adding to them.
 * The manifest is written once, by whoever gathers every share's files ({@link #writeManifest}).
 */
public final class SnapshotPartitions {

    /** What one share wrote. */
    public record Result(List<String> partitionsInScope, List<String> partitionsDone, List<SnapshotFile> files,
            long itemsRead, long loggedVersionsMissing, String timeSource) {
    }

    private SnapshotPartitions() {
    }

    /**
     * Writes the state at the job's time of {@code segment}'s partitions that {@code gate} lets start,
     * into the job's {@code out}, {@code threads} partitions at once.
     */
    public static Result write(S3Client s3, SnapshotJobSpec job, Segment segment, PartitionGate gate, int threads)
            throws IOException {
        SnapshotTarget target = SnapshotTarget.parse(job.out(), s3);
        try (BackupView view = job.backup().reader(s3).open(segment.scope(job.scope()))) {
            return write(view, job, target, threads, segment.index(), gate);
        }
    }

    private static Result write(BackupView view, SnapshotJobSpec job, SnapshotTarget target, int threads, int segment,
            PartitionGate gate) {
        Instant time = job.time();
        long maxFileBytes = job.maxFileBytes();
        int concurrency = Math.max(1, job.backup().concurrency());
        // A share leaves no item out: any problem (a version missing, an unusable image) fails it
        // with a BackupDataException, as the visitor's default does, and no manifest is written.
        if (!view.problems().isEmpty()) {
            throw new BackupDataException(view.problems().get(0) + (view.problems().size() > 1
                    ? " (and " + (view.problems().size() - 1) + " more problems)" : ""), view.problems());
        }
        StateAtTime states = new StateAtTime(view, time, concurrency, null);
        Map<String, List<SnapshotFile>> byPartition = new ConcurrentHashMap<>();
        states.run(threads, thread -> new StateAtTime.Visitor() {
            private RollingGzipWriter writer;

            @Override
            public void startPartition(Partition partition) {
                String id = Partition.ALL.equals(partition.id()) ? "all" : partition.id();
                writer = new RollingGzipWriter(target, String.format("part-s%04d-%s", segment, id), maxFileBytes);
            }

            @Override
            public void item(ItemState state) throws IOException {
                writer.writeLine(Snapshot.line(state.item));
            }

            @Override
            public void endPartition(Partition partition) throws IOException {
                writer.close();
                byPartition.put(partition.id(), List.copyOf(writer.files()));
            }
        }, () -> { }, gate);
        List<String> inScope = view.partitions().stream().map(Partition::id).toList();
        List<String> done = inScope.stream().filter(byPartition::containsKey).toList();
        List<SnapshotFile> files = new ArrayList<>();
        done.forEach(id -> files.addAll(byPartition.get(id)));
        return new Result(inScope, done, files, states.timelines(),
                view.stats().getOrDefault(BackupView.LOGGED_VERSIONS_MISSING, 0L), view.timeSource().name());
    }

    /** A data file as a share reported it. */
    public static SnapshotFile file(String location, long items, long bytes, String sha256) {
        return new SnapshotFile(location, items, bytes, sha256);
    }

    /** Writes the manifest of the files of every share (last: no manifest, no complete snapshot); returns its location. */
    public static String writeManifest(S3Client s3, SnapshotJobSpec job, String timeSource, List<SnapshotFile> files,
            Instant createdAt) throws IOException {
        SnapshotTarget target = SnapshotTarget.parse(job.out(), s3);
        List<SnapshotFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> a.location.compareTo(b.location));
        SnapshotManifest manifest = new SnapshotManifest(job.table(), job.time(), job.location().bucket(),
                job.location().prefix(), job.tenant(), timeSource,
                sorted, createdAt, List.of());
        return target.writeManifest(manifest.toJson());
    }
}
