package dev.ddbbackup.backup;

import java.util.Objects;

/**
 * Something in the backup a tool cannot use, named so a person can find it: an object version
 * (object key and version id) or a change-log line (change-log object and line number), and why.
 */
public final class BackupProblem {

    /** What kind of problem. */
    public enum Kind {
        /** A version the change log names (the image in force) is not in the bucket. */
        MISSING_VERSION,
        /** An object version that cannot be used: not readable, not DynamoDB JSON, another item's image. */
        BAD_OBJECT,
        /** A change-log line that cannot be read. */
        BAD_CHANGE_LOG_LINE,
        /** {@code _table.json} cannot be read. */
        BAD_TABLE_DESCRIPTION;

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final String bucket;
    private final String objectKey;
    private final String versionId;
    private final int line;
    private final String reason;

    private BackupProblem(Kind kind, String bucket, String objectKey, String versionId, int line, String reason) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bucket = bucket;
        this.objectKey = Objects.requireNonNull(objectKey, "objectKey");
        this.versionId = versionId;
        this.line = line;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A problem with one object version (versionId null: the object's current version). */
    public static BackupProblem version(Kind kind, String bucket, String objectKey, String versionId, String reason) {
        return new BackupProblem(kind, bucket, objectKey, versionId, 0, reason);
    }

    /** A problem with one line (1-based) of a change-log object. */
    public static BackupProblem changeLogLine(String bucket, String changeLogKey, int line, String reason) {
        return new BackupProblem(Kind.BAD_CHANGE_LOG_LINE, bucket, changeLogKey, null, line, reason);
    }

    public Kind kind() {
        return kind;
    }

    public String objectKey() {
        return objectKey;
    }

    /** The version id, or null (a change-log line, {@code _table.json}). */
    public String versionId() {
        return versionId;
    }

    /** The change-log line number (1-based), or 0. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    /** Where: {@code s3://bucket/key version V} or {@code s3://bucket/key line N}. */
    public String location() {
        String where = "s3://" + bucket + "/" + objectKey;
        if (line > 0) {
            return where + " line " + line;
        }
        return versionId == null ? where : where + " version " + versionId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BackupProblem)) {
            return false;
        }
        BackupProblem p = (BackupProblem) o;
        return kind == p.kind && Objects.equals(bucket, p.bucket) && objectKey.equals(p.objectKey)
                && Objects.equals(versionId, p.versionId) && line == p.line && reason.equals(p.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, objectKey, versionId, line);
    }

    @Override
    public String toString() {
        return location() + ": " + reason;
    }
}
