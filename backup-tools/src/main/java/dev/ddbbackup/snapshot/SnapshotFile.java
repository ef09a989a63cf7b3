package dev.ddbbackup.snapshot;

/**
 * One finished data file of a snapshot, as the manifest lists it (its JSON is its fields, in this order).
 *
 * @param location path or {@code s3://} URL
 * @param bytes compressed size in bytes
 * @param sha256 lowercase hex SHA-256 of the file's (compressed) bytes
 */
public record SnapshotFile(String location, long items, long bytes, String sha256) {
}
