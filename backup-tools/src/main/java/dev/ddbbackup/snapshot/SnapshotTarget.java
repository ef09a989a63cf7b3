package dev.ddbbackup.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a snapshot goes: a local directory, or an S3 location ({@code s3://bucket/prefix/}). Data
 * files are written under {@code data/} and the manifest next to it, so
 * {@code aws dynamodb import-table} can point its {@code S3KeyPrefix} at {@code .../data/} and never
 * read the manifest as data.
 */
public abstract class SnapshotTarget {

    public static final String DATA_DIR = "data/";
    public static final String MANIFEST = "manifest.json";

    /** {@code s3://bucket/prefix/} or a directory path. */
    public static SnapshotTarget parse(String out, S3Client s3) {
        Objects.requireNonNull(out, "out");
        if (out.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            String rest = out.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("--out s3:// needs a bucket: " + out);
            }
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            return new S3Target(s3, bucket, prefix);
        }
        return new DirectoryTarget(Path.of(out));
    }

    /** A local file to write one data file into before {@link #publish}. */
    abstract Path stage(String name) throws IOException;

    /** Makes a staged file final under {@code data/}; returns its location (path or key). */
    abstract String publish(Path staged, String name) throws IOException;

    abstract String writeManifest(byte[] json) throws IOException;

    /** Where the data files are, for the import command. */
    public abstract String dataLocation();

    /** Files straight into the directory. */
    static final class DirectoryTarget extends SnapshotTarget {
        private final Path dir;

        DirectoryTarget(Path dir) {
            this.dir = dir;
        }

        @Override
        Path stage(String name) throws IOException {
            Files.createDirectories(dir.resolve(DATA_DIR));
            return dir.resolve(DATA_DIR).resolve(name);
        }

        @Override
        String publish(Path staged, String name) {
            return staged.toString();
        }

        @Override
        String writeManifest(byte[] json) throws IOException {
            Files.createDirectories(dir);
            Path manifest = dir.resolve(MANIFEST);
            try (OutputStream out = Files.newOutputStream(manifest)) {
                out.write(json);
            }
            return manifest.toString();
        }

        @Override
        public String dataLocation() {
            return dir.resolve(DATA_DIR).toString();
        }
    }

    /** Files staged in a temp directory (at most one per writer), uploaded, then deleted. */
    static final class S3Target extends SnapshotTarget {
        private final S3Client s3;
        private final String bucket;
        private final String prefix;
        private final Path staging;

        S3Target(S3Client s3, String bucket, String prefix) {
            this.s3 = Objects.requireNonNull(s3, "s3");
            this.bucket = bucket;
            this.prefix = prefix;
            try {
                this.staging = Files.createTempDirectory("ddb-backup-snapshot-");
                this.staging.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        Path stage(String name) {
            return staging.resolve(name);
        }

        @Override
        String publish(Path staged, String name) throws IOException {
            String key = prefix + DATA_DIR + name;
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/gzip"), RequestBody.fromFile(staged));
            Files.deleteIfExists(staged);
            return "s3://" + bucket + "/" + key;
        }

        @Override
        String writeManifest(byte[] json) {
            String key = prefix + MANIFEST;
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
            return "s3://" + bucket + "/" + key;
        }

        @Override
        public String dataLocation() {
            return "s3://" + bucket + "/" + prefix + DATA_DIR;
        }
    }
}
