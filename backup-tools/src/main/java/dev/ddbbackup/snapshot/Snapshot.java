package dev.ddbbackup.snapshot;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.state.BackupSource;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.state.ItemAtTime;
import dev.ddbbackup.state.PartitionWalk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table's state at a time T, from its backup, in DynamoDB's import-from-S3 format: gzip-compressed
 * newline-delimited DynamoDB JSON, one {@code {"Item":{...}}} per line ({@code DYNAMODB_JSON}),
 * split into files of bounded size, plus a manifest with item counts, sizes and SHA-256 checksums.
 */
public final class Snapshot {

    private static final byte[] ITEM_OPEN = "{\"Item\":".getBytes(StandardCharsets.US_ASCII);

    /** What to snapshot and how. */
    public static final class Options {
        final BackupSource source;
        final Instant time;
        final long maxFileBytes;
        final int threads;
        final int concurrency;
        final boolean skipBadObjects;
        final boolean allowMissingVersions;

        /** @param time null for the latest state */
        public Options(BackupSource source, Instant time, long maxFileBytes, int threads, int concurrency) {
            this(source, time, maxFileBytes, threads, concurrency, false, false);
        }

        /**
         * @param skipBadObjects leave items whose image is unusable (and unreadable change-log lines)
         *     out of the snapshot and list them, instead of failing
         * @param allowMissingVersions leave items whose version in force the bucket lacks out and
         *     list them, instead of failing
         */
        public Options(BackupSource source, Instant time, long maxFileBytes, int threads, int concurrency,
                boolean skipBadObjects, boolean allowMissingVersions) {
            this.source = Objects.requireNonNull(source, "source");
            this.time = time;
            if (maxFileBytes < 1024) {
                throw new IllegalArgumentException("The file size limit must be at least 1 KB");
            }
            this.maxFileBytes = maxFileBytes;
            this.threads = threads;
            this.concurrency = concurrency;
            this.skipBadObjects = skipBadObjects;
            this.allowMissingVersions = allowMissingVersions;
        }
    }

    private final S3Client s3;
    private final Options options;
    private final Clock clock;

    public Snapshot(S3Client s3, Options options, Clock clock) {
        this.s3 = s3;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Writes the snapshot; progress is reported per finished partition.
     *
     * @throws BackupDataException when an item's state cannot be read (a version missing, an
     *     unusable image, an unreadable change-log line) and the options do not allow leaving it
     *     out: then no manifest is written, so the data files written so far are no snapshot
     */
    public SnapshotReport run(SnapshotTarget target, Progress progress) throws Exception {
        long started = System.nanoTime();
        Instant time = options.time != null ? options.time : clock.instant();
        BackupSource source = options.source;
        List<RollingGzipWriter> writers = new ArrayList<>();
        List<BackupProblem> leftOut = java.util.Collections.synchronizedList(new ArrayList<>());
        try (BackupView view = source.reader(s3, options.concurrency).openAt(source.scope(), time)) {
            for (BackupProblem p : view.problems()) {
                allowOrThrow(p, target);
                leftOut.add(p);
            }
            PartitionWalk states = new PartitionWalk(view, time, options.concurrency, null);
            progress.start("Snapshot " + source.table, states.partitions().size(), "partitions");
            states.run(options.threads, thread -> {
                RollingGzipWriter writer = new RollingGzipWriter(target, "part-" + String.format("%03d", thread),
                        options.maxFileBytes);
                synchronized (writers) {
                    writers.add(writer);
                }
                return new PartitionWalk.Visitor() {
                    @Override
                    public void present(ItemAtTime.Present item) throws Exception {
                        writer.writeLine(line(item.item()));
                    }

                    @Override
                    public void unreadable(ItemAtTime.Unreadable item) {
                        allowOrThrow(item.problem(), target);
                        leftOut.add(item.problem());
                    }
                };
            }, () -> progress.step(1));
            for (BackupProblem p : view.problems()) {
                if (!leftOut.contains(p)) {
                    allowOrThrow(p, target);
                    leftOut.add(p);
                }
            }
            List<SnapshotFile> files = new ArrayList<>();
            for (RollingGzipWriter w : writers) {
                w.close();
                files.addAll(w.files());
            }
            files.sort((a, b) -> a.location.compareTo(b.location));
            SnapshotManifest manifest = new SnapshotManifest(source.table, time, source.bucket, source.prefix,
                    source.tenant, view.timeSource().name(), files, clock.instant(), leftOut);
            String manifestLocation = target.writeManifest(manifest.toJson());
            SnapshotReport report = new SnapshotReport(manifest, manifestLocation, target.dataLocation(), states.timelines(),
                    (System.nanoTime() - started) / 1_000_000,
                    view.stats().loggedVersionsMissing());
            report.checkpoint = view.checkpoint().map(m -> m.time).orElse(null);
            report.readFrom = view.describeSource();
            return report;
        }
    }

    private void allowOrThrow(BackupProblem problem, SnapshotTarget target) {
        boolean missing = problem.kind() == BackupProblem.Kind.MISSING_VERSION;
        if (missing ? !options.allowMissingVersions : !options.skipBadObjects) {
            throw new BackupDataException(problem + ". No manifest was written: the files under "
                    + target.dataLocation() + " are no snapshot (delete them). "
                    + (missing ? "--allow-missing-versions" : "--skip-bad-objects")
                    + " leaves such items out and lists them", List.of(problem));
        }
    }

    /** {@code {"Item":{...}}}: the image re-written compactly (so no stored formatting can split a line). */
    static byte[] line(java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        byte[] image = DynamoJson.sdkItemToBytes(item);
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.length + 10);
        try {
            out.write(ITEM_OPEN);
            out.write(image);
            out.write('}');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
