package dev.ddbbackup.snapshot;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.state.ItemAtTime;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.state.PartitionWalk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table's state at a time T, from its backup, in DynamoDB's import-from-S3 format: gzip-compressed
 * newline-delimited DynamoDB JSON, one {@code {"Item":{...}}} per line ({@code DYNAMODB_JSON}),
 * split into files of bounded size, plus a manifest with item counts, sizes and SHA-256 checksums.
 *
 * @param threads partitions written at once, each into files of its own thread
 */
public record Snapshot(S3Client s3, Clock clock, int threads) {

    private static final byte[] ITEM_OPEN = "{\"Item\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * What one run wrote: the partitions it had in scope and those it finished, the data files of
     * those, the items it left out (with the options that allow it), and what it read.
     *
     * @param checkpoint T0 of the checkpoint the state was read from, or null (the whole history)
     */
    public record Share(List<String> partitionsInScope, List<String> partitionsDone, List<SnapshotFile> files,
            List<BackupProblem> leftOut, long itemsRead, long loggedVersionsMissing, String timeSource,
            Instant checkpoint, String readFrom) {
    }

    /**
     * The whole snapshot on this machine: one segment holding every partition, its data files one
     * series per thread, then the manifest (last: no manifest, no complete snapshot); progress is
     * reported per finished partition.
     *
     * @throws BackupDataException when an item's state cannot be read (a version missing, an
     *     unusable image, an unreadable change-log line) and the options do not allow leaving it
     *     out: then no manifest is written, so the data files written so far are no snapshot
     */
    public SnapshotReport run(SnapshotJobSpec job, Progress progress) throws Exception {
        long started = System.nanoTime();
        SnapshotTarget target = SnapshotTarget.parse(job.out(), s3);
        Share share = write(job, Segment.all(), PartitionGate.always(), target, false, progress);
        SnapshotManifest manifest = manifest(job, share.timeSource(), share.files(), clock.instant(), share.leftOut());
        String manifestLocation = target.writeManifest(manifest.toJson());
        return new SnapshotReport(manifest, manifestLocation, target.dataLocation(), share.itemsRead(),
                (System.nanoTime() - started) / 1_000_000, share.loggedVersionsMissing(), share.checkpoint(),
                share.readFrom());
    }

    /**
     * One worker's share of a snapshot: the state of {@code segment}'s partitions that {@code gate}
     * lets start, each partition in files of its own named after it
     * ({@code part-s{segment}-{partition}-NNNNN.json.gz}), so a partition written again (a retried
     * worker) replaces its files instead of adding to them. The manifest is written once, by
     * whoever gathers every share's files ({@link #writeManifest}).
     */
    public Share run(SnapshotJobSpec job, Segment segment, PartitionGate gate) throws Exception {
        return write(job, segment, gate, SnapshotTarget.parse(job.out(), s3), true, Progress.none());
    }

    /** Writes the manifest of the files of every share (last: no manifest, no complete snapshot); returns its location. */
    public static String writeManifest(S3Client s3, SnapshotJobSpec job, String timeSource, List<SnapshotFile> files,
            Instant createdAt) throws IOException {
        return SnapshotTarget.parse(job.out(), s3).writeManifest(manifest(job, timeSource, files, createdAt, List.of())
                .toJson());
    }

    private static SnapshotManifest manifest(SnapshotJobSpec job, String timeSource, List<SnapshotFile> files,
            Instant createdAt, List<BackupProblem> leftOut) {
        List<SnapshotFile> sorted = files.stream().sorted(Comparator.comparing(SnapshotFile::location)).toList();
        return new SnapshotManifest(job.table(), job.time(), job.location().bucket(), job.location().prefix(),
                job.tenant(), timeSource, sorted, createdAt, leftOut);
    }

    /** The one driver: the state at the job's time of the segment's partitions, into files per thread or per partition. */
    private Share write(SnapshotJobSpec job, Segment segment, PartitionGate gate, SnapshotTarget target,
            boolean filesPerPartition, Progress progress) throws Exception {
        List<BackupProblem> leftOut = java.util.Collections.synchronizedList(new ArrayList<>());
        try (BackupView view = job.backup().reader(s3).openAt(segment.scope(job.scope()), job.time())) {
            for (BackupProblem p : view.problems()) {
                allowOrThrow(job, p, target);
                leftOut.add(p);
            }
            PartitionWalk states = new PartitionWalk(view, job.time(), job.backup().concurrency(), null);
            progress.start("Snapshot " + job.table(), states.partitions().size(), "partitions");
            DataFiles files = filesPerPartition ? new FilesPerPartition(target, job, segment.index())
                    : new FilesPerThread(target, job);
            states.run(threads, thread -> files.visitor(thread, item -> {
                allowOrThrow(job, item.problem(), target);
                leftOut.add(item.problem());
            }), () -> progress.step(1), gate);
            for (BackupProblem p : view.problems()) {
                if (!leftOut.contains(p)) {
                    allowOrThrow(job, p, target);
                    leftOut.add(p);
                }
            }
            List<String> inScope = view.partitions().stream().map(Partition::id).toList();
            List<String> done = inScope.stream().filter(files::done).toList();
            return new Share(inScope, done, files.files(done), List.copyOf(leftOut), states.timelines(),
                    view.stats().loggedVersionsMissing(), view.timeSource().name(),
                    view.checkpoint().map(m -> m.time()).orElse(null), view.describeSource());
        }
    }

    /** An item the backup cannot give a state for: left out and listed, or the end of the snapshot. */
    @FunctionalInterface
    private interface LeftOut {
        void item(ItemAtTime.Unreadable item) throws Exception;
    }

    /** How a run names and closes its data files. */
    private interface DataFiles {
        PartitionWalk.Visitor visitor(int thread, LeftOut leftOut);

        boolean done(String partitionId);

        /** Closes what is open; the files of the partitions done. */
        List<SnapshotFile> files(List<String> done) throws IOException;
    }

    /** Writes each item present at the time as one line of {@link #writer()}, and leaves out those it cannot read. */
    private abstract static class ItemLines implements PartitionWalk.Visitor {
        private final LeftOut leftOut;

        ItemLines(LeftOut leftOut) {
            this.leftOut = leftOut;
        }

        abstract RollingGzipWriter writer();

        @Override
        public void present(ItemAtTime.Present item) throws Exception {
            writer().writeLine(line(item.item()));
        }

        @Override
        public void unreadable(ItemAtTime.Unreadable item) throws Exception {
            leftOut.item(item);
        }
    }

    /** One machine: each thread writes one series of files, {@code part-NNN-MMMMM.json.gz}, whatever its partitions. */
    private static final class FilesPerThread implements DataFiles {
        private final SnapshotTarget target;
        private final SnapshotJobSpec job;
        private final List<RollingGzipWriter> writers = new ArrayList<>();
        private final Set<String> done = ConcurrentHashMap.newKeySet();

        FilesPerThread(SnapshotTarget target, SnapshotJobSpec job) {
            this.target = target;
            this.job = job;
        }

        @Override
        public PartitionWalk.Visitor visitor(int thread, LeftOut leftOut) {
            RollingGzipWriter writer = new RollingGzipWriter(target, "part-" + String.format("%03d", thread),
                    job.maxFileBytes());
            synchronized (writers) {
                writers.add(writer);
            }
            return new ItemLines(leftOut) {
                @Override
                RollingGzipWriter writer() {
                    return writer;
                }

                @Override
                public void endPartition(Partition partition) {
                    done.add(partition.id());
                }
            };
        }

        @Override
        public boolean done(String partitionId) {
            return done.contains(partitionId);
        }

        @Override
        public List<SnapshotFile> files(List<String> partitions) throws IOException {
            List<SnapshotFile> files = new ArrayList<>();
            for (RollingGzipWriter w : writers) {
                w.close();
                files.addAll(w.files());
            }
            return files;
        }
    }

    /** A worker's share: each partition in files of its own, named after the segment and the partition. */
    private static final class FilesPerPartition implements DataFiles {
        private final SnapshotTarget target;
        private final SnapshotJobSpec job;
        private final int segment;
        private final Map<String, List<SnapshotFile>> byPartition = new ConcurrentHashMap<>();

        FilesPerPartition(SnapshotTarget target, SnapshotJobSpec job, int segment) {
            this.target = target;
            this.job = job;
            this.segment = segment;
        }

        @Override
        public PartitionWalk.Visitor visitor(int thread, LeftOut leftOut) {
            return new ItemLines(leftOut) {
                private RollingGzipWriter writer;

                @Override
                RollingGzipWriter writer() {
                    return writer;
                }

                @Override
                public void startPartition(Partition partition) {
                    String id = Partition.ALL.equals(partition.id()) ? "all" : partition.id();
                    writer = new RollingGzipWriter(target, String.format("part-s%04d-%s", segment, id),
                            job.maxFileBytes());
                }

                @Override
                public void endPartition(Partition partition) throws IOException {
                    writer.close();
                    byPartition.put(partition.id(), List.copyOf(writer.files()));
                }
            };
        }

        @Override
        public boolean done(String partitionId) {
            return byPartition.containsKey(partitionId);
        }

        @Override
        public List<SnapshotFile> files(List<String> done) {
            List<SnapshotFile> files = new ArrayList<>();
            done.forEach(id -> files.addAll(byPartition.get(id)));
            return files;
        }
    }

    private static void allowOrThrow(SnapshotJobSpec job, BackupProblem problem, SnapshotTarget target) {
        boolean missing = problem.kind() == BackupProblem.Kind.MISSING_VERSION;
        if (missing ? !job.allowMissingVersions() : !job.skipBadObjects()) {
            throw new BackupDataException(problem + ". No manifest was written: the files under "
                    + target.dataLocation() + " are no snapshot (delete them). "
                    + (missing ? "--allow-missing-versions" : "--skip-bad-objects")
                    + " leaves such items out and lists them", List.of(problem));
        }
    }

    /** {@code {"Item":{...}}}: the image re-written compactly (so no stored formatting can split a line). */
    static byte[] line(java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        byte[] image = DynamoJson.sdkItemToBytes(item);
        byte[] line = Arrays.copyOf(ITEM_OPEN, ITEM_OPEN.length + image.length + 1);
        System.arraycopy(image, 0, line, ITEM_OPEN.length, image.length);
        line[line.length - 1] = '}';
        return line;
    }
}
