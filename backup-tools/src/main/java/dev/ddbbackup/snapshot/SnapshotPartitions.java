package dev.ddbbackup.snapshot;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.state.ItemAtTime;
import dev.ddbbackup.state.PartitionWalk;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
     * Writes the state at {@code time} of the view's partitions that {@code gate} lets start.
     *
     * @param segment the share's number, part of every file name
     */
    public static Result write(BackupView view, Instant time, SnapshotTarget target, long maxFileBytes, int threads,
            int concurrency, int segment, PartitionGate gate) {
        // A share leaves no item out: any problem (a version missing, an unusable image) fails it
        // with a BackupDataException, as the visitor's default does, and no manifest is written.
        if (!view.problems().isEmpty()) {
            throw new BackupDataException(view.problems().get(0) + (view.problems().size() > 1
                    ? " (and " + (view.problems().size() - 1) + " more problems)" : ""), view.problems());
        }
        PartitionWalk states = new PartitionWalk(view, time, concurrency, null);
        Map<String, List<SnapshotFile>> byPartition = new ConcurrentHashMap<>();
        states.run(threads, thread -> new PartitionWalk.Visitor() {
            private RollingGzipWriter writer;

            @Override
            public void startPartition(Partition partition) {
                String id = Partition.ALL.equals(partition.id()) ? "all" : partition.id();
                writer = new RollingGzipWriter(target, String.format("part-s%04d-%s", segment, id), maxFileBytes);
            }

            @Override
            public void present(ItemAtTime.Present item) throws IOException {
                writer.writeLine(Snapshot.line(item.item()));
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
                view.stats().loggedVersionsMissing(), view.timeSource().name());
    }

    /** A data file as a share reported it. */
    public static SnapshotFile file(String location, long items, long bytes, String sha256) {
        return new SnapshotFile(location, items, bytes, sha256);
    }

    /** Writes the manifest of the files of every share (last: no manifest, no complete snapshot); returns its location. */
    public static String writeManifest(SnapshotTarget target, String table, Instant time, String sourceBucket,
            String sourcePrefix, String tenant, String timeSource, List<SnapshotFile> files, Instant createdAt)
            throws IOException {
        List<SnapshotFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> a.location.compareTo(b.location));
        SnapshotManifest manifest = new SnapshotManifest(table, time, sourceBucket, sourcePrefix, tenant, timeSource,
                sorted, createdAt, List.of());
        return target.writeManifest(manifest.toJson());
    }
}
