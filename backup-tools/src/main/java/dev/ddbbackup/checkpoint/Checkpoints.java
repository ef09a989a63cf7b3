package dev.ddbbackup.checkpoint;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.LogSegment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The checkpoints of one table's backup in the bucket:
 * {@code {prefix}/{table}/_checkpoints/{yyyyMMddTHHmmssZ}/part-{partition}.jsonl.gz} (gzip-ed
 * newline-delimited {@link CheckpointEntry} lines, sorted by object key) and
 * {@code manifest.json} ({@link CheckpointManifest}), written last. Only checkpoints with a
 * manifest are listed.
 */
public record Checkpoints(S3Client s3, String bucket, BackupLayout layout, String table) {

    public Checkpoints {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(table, "table");
    }

    /** The times of the checkpoints that have a manifest, oldest first (one listing of the checkpoint folder). */
    public List<Instant> times() {
        String root = layout.checkpointRoot(table);
        TreeSet<Instant> out = new TreeSet<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root)).contents()) {
            String relative = o.key().substring(root.length());
            int slash = relative.indexOf('/');
            if (slash > 0 && relative.substring(slash + 1).equals(CheckpointManifest.FILE_NAME)) {
                Instant t = BackupLayout.checkpointTime(relative.substring(0, slash));
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The newest checkpoint at or before {@code time}, if any. */
    public Optional<CheckpointManifest> newestAtOrBefore(Instant time) {
        return times().stream().filter(t -> !t.isAfter(time)).reduce((older, newer) -> newer).map(this::manifest);
    }

    /**
     * The manifest of the checkpoint at {@code time}.
     *
     * @throws BadCheckpointException when it is missing or unreadable
     */
    public CheckpointManifest manifest(Instant time) {
        String key = layout.checkpointFolder(table, time) + CheckpointManifest.FILE_NAME;
        byte[] json;
        try {
            json = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new BadCheckpointException("s3://" + bucket + "/" + key + ": no such manifest");
        }
        try {
            CheckpointManifest m = CheckpointManifest.parse(json);
            if (!m.time().equals(time) || !m.table().equals(table)) {
                throw new IllegalArgumentException("it describes " + m.table() + " at " + m.time());
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new BadCheckpointException("s3://" + bucket + "/" + key + ": not a checkpoint manifest: " + e.getMessage());
        }
    }

    /**
     * Reads one partition file, checking its size and SHA-256 against the manifest first.
     *
     * @throws BadCheckpointException when it is missing, altered or holds a line that does not parse
     */
    public void read(CheckpointManifest.PartFile file, Consumer<CheckpointEntry> entries) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(file.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new BadCheckpointException("s3://" + bucket + "/" + file.key() + ": missing (the manifest lists it)");
        }
        if (bytes.length != file.bytes() || !sha256(bytes).equals(file.sha256())) {
            throw new BadCheckpointException("s3://" + bucket + "/" + file.key() + ": " + bytes.length
                    + " bytes with SHA-256 " + sha256(bytes) + ", the manifest says " + file.bytes() + " bytes with " + file.sha256());
        }
        try {
            LogSegment.forEachLine(new ByteArrayInputStream(bytes), true, (number, line) -> {
                try {
                    entries.accept(CheckpointEntry.parse(line));
                } catch (IllegalArgumentException e) {
                    throw new BadCheckpointException("s3://" + bucket + "/" + file.key() + " line " + number + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new BadCheckpointException("s3://" + bucket + "/" + file.key() + ": not gzip-ed text: " + e.getMessage());
        }
    }

    /** Writes one partition file of the checkpoint at {@code time} (entries sorted by object key); the manifest lists it. */
    public CheckpointManifest.PartFile writePart(Instant time, String partition, List<CheckpointEntry> sorted) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
            for (CheckpointEntry e : sorted) {
                gz.write(e.toJsonLine().getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.toByteArray();
        String key = layout.checkpointFolder(table, time) + "part-" + (partition.equals("*") ? "all" : partition) + ".jsonl.gz";
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-ndjson").contentEncoding("gzip"),
                RequestBody.fromBytes(bytes));
        return new CheckpointManifest.PartFile(partition, key, sorted.size(), bytes.length, sha256(bytes));
    }

    /** Writes the manifest: from now on the checkpoint exists. */
    public void writeManifest(CheckpointManifest manifest) {
        String key = layout.checkpointFolder(table, manifest.time()) + CheckpointManifest.FILE_NAME;
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(manifest.toJson()));
    }

    /** The hour from which change logs must be read on top of this checkpoint ({@link Lateness#changeLogsFrom}). */
    public static Instant changeLogsFrom(CheckpointManifest m) {
        return Lateness.changeLogsFrom(m.time(), m.builtAt());
    }

    /**
     * The earliest time a restore can still be exact, or empty when all history is kept:
     * <ul>
     *   <li>the oldest checkpoint kept, when it was built from an older one that is gone (the
     *       lifecycle expired it, and with it the change logs and versions before it); and</li>
     *   <li>now less the retention the newest checkpoint records (noncurrent versions older than
     *       that are expired).</li>
     * </ul>
     * The later of the two.
     */
    public static Optional<Instant> earliestRestorable(List<Instant> kept, Optional<CheckpointManifest> oldest,
            Optional<CheckpointManifest> newest, Clock clock) {
        Instant earliest = null;
        if (oldest.isPresent() && oldest.get().previous() != null && !kept.contains(oldest.get().previous())) {
            earliest = oldest.get().time();
        }
        if (newest.isPresent() && newest.get().retention() != null) {
            Instant window = clock.instant().minus(newest.get().retention()).truncatedTo(ChronoUnit.SECONDS);
            earliest = earliest == null || window.isAfter(earliest) ? window : earliest;
        }
        return Optional.ofNullable(earliest);
    }

    /** {@link #earliestRestorable(List, Optional, Optional, Clock)} for this table's checkpoints. */
    public Optional<Instant> earliestRestorable(Clock clock) {
        List<Instant> kept = times();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        return earliestRestorable(kept, Optional.of(manifest(kept.get(0))), Optional.of(manifest(kept.get(kept.size() - 1))),
                clock);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
