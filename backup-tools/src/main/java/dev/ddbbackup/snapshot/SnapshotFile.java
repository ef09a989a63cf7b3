package dev.ddbbackup.snapshot;

/** One finished data file of a snapshot, as the manifest lists it. */
public final class SnapshotFile {

    /** Path or {@code s3://} URL. */
    public final String location;
    public final long items;
    /** Compressed size in bytes. */
    public final long bytes;
    /** Lowercase hex SHA-256 of the file's (compressed) bytes. */
    public final String sha256;

    public SnapshotFile(String location, long items, long bytes, String sha256) {
        this.location = location;
        this.items = items;
        this.bytes = bytes;
        this.sha256 = sha256;
    }
}
