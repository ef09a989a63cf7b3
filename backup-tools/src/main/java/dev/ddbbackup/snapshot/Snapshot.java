package dev.ddbbackup.snapshot;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.state.StateAtTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table's state at a time T, from its backup, in DynamoDB's import-from-S3 format: gzip-compressed
 * newline-delimited DynamoDB JSON, one {@code {"Item":{...}}} per line ({@code DYNAMODB_JSON}),
 * split into files of bounded size, plus a manifest with item counts, sizes and SHA-256 checksums.
 */
public final class Snapshot {

    private static final byte[] ITEM_OPEN = "{\"Item\":".getBytes(StandardCharsets.US_ASCII);

    private final S3Client s3;
    private final Clock clock;
    private final int threads;

    /** @param threads partitions written at once, each into files of its own thread */
    public Snapshot(S3Client s3, Clock clock, int threads) {
        this.s3 = s3;
        this.clock = clock;
        this.threads = threads;
    }

    /**
     * Writes the snapshot; progress is reported per finished partition.
     *
     * @throws BackupDataException when an item's state cannot be read (a version missing, an
     *     unusable image, an unreadable change-log line) and the options do not allow leaving it
     *     out: then no manifest is written, so the data files written so far are no snapshot
     */
    public SnapshotReport run(SnapshotJobSpec job, Progress progress) throws Exception {
        long started = System.nanoTime();
        SnapshotTarget target = SnapshotTarget.parse(job.out(), s3);
        Instant time = job.time();
        BackupLocation source = job.location();
        int concurrency = job.backup().concurrency();
        List<RollingGzipWriter> writers = new ArrayList<>();
        List<BackupProblem> leftOut = java.util.Collections.synchronizedList(new ArrayList<>());
        try (BackupView view = job.backup().reader(s3).openAt(job.scope(), time)) {
            for (BackupProblem p : view.problems()) {
                allowOrThrow(job, p, target);
                leftOut.add(p);
            }
            StateAtTime states = new StateAtTime(view, time, concurrency, null);
            progress.start("Snapshot " + source.table(), states.partitions().size(), "partitions");
            states.run(threads, thread -> {
                RollingGzipWriter writer = new RollingGzipWriter(target, "part-" + String.format("%03d", thread),
                        job.maxFileBytes());
                synchronized (writers) {
                    writers.add(writer);
                }
                return new StateAtTime.Visitor() {
                    @Override
                    public void item(dev.ddbbackup.state.ItemState state) throws Exception {
                        writer.writeLine(line(state.item));
                    }

                    @Override
                    public void problem(dev.ddbbackup.backup.ItemTimeline timeline, BackupProblem problem) {
                        allowOrThrow(job, problem, target);
                        leftOut.add(problem);
                    }
                };
            }, () -> progress.step(1));
            for (BackupProblem p : view.problems()) {
                if (!leftOut.contains(p)) {
                    allowOrThrow(job, p, target);
                    leftOut.add(p);
                }
            }
            List<SnapshotFile> files = new ArrayList<>();
            for (RollingGzipWriter w : writers) {
                w.close();
                files.addAll(w.files());
            }
            files.sort((a, b) -> a.location.compareTo(b.location));
            SnapshotManifest manifest = new SnapshotManifest(source.table(), time, source.bucket(), source.prefix(),
                    job.tenant(), view.timeSource().name(), files, clock.instant(), leftOut);
            String manifestLocation = target.writeManifest(manifest.toJson());
            SnapshotReport report = new SnapshotReport(manifest, manifestLocation, target.dataLocation(), states.timelines(),
                    (System.nanoTime() - started) / 1_000_000,
                    view.stats().getOrDefault(BackupView.LOGGED_VERSIONS_MISSING, 0L),
                    view.checkpoint().map(m -> m.time).orElse(null), view.describeSource());
            return report;
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
