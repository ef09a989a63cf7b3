package dev.ddbbackup.layout;

import java.util.Objects;

/**
 * Where one table's backup lives: bucket, key prefix (may be empty) and table name. The one value
 * every reader, command, job and worker passes around to say "this backup"; the key names under it
 * come from {@link #layout()}.
 */
public record BackupLocation(String bucket, String prefix, String table) {

    public BackupLocation {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(table, "table");
        prefix = prefix == null ? "" : prefix;
    }

    public BackupLayout layout() {
        return BackupLayout.withPrefix(prefix);
    }

    /** The table's folder, e.g. {@code backups/Orders/}. */
    public String tableRoot() {
        return layout().tableRoot(table);
    }

    /** For messages: {@code s3://bucket/prefix/table/}. */
    public String describe() {
        return "s3://" + bucket + "/" + tableRoot();
    }

    @Override
    public String toString() {
        return describe();
    }
}
