package dev.ddbbackup.layout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where everything lives in the bucket. This is the backup's contract with the restore tools and
 * with users, documented in the README:
 *
 * <pre>
 * {prefix}/{table}/{tenant}/{itemId}                  one object per item, one version per change
 * {prefix}/{table}/_changes/yyyy/MM/dd/HH/{name}.jsonl one change log per delivered batch
 * {prefix}/{table}/_log/yyyy/MM/dd/HH/{name}.jsonl.gz  log mode: one segment (or its parts) per delivered batch
 * {prefix}/{table}/_quarantine/{eventID}.json          records that cannot be backed up as designed
 * {prefix}/{table}/_table.json                         the table's description (key schema, indexes)
 * {prefix}/{table}/_checkpoints/{T0}/                  the items' versions at T0 (written by the tools)
 * </pre>
 *
 * Empty parts (no prefix, no multi-tenancy) are left out, never doubled or leading slashes.
 */
public final class BackupLayout {

    /** S3's limit on the length of an object key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Tenant used when the tenancy attribute is missing, NULL or not a scalar. */
    public static final String NO_TENANT = "_no_tenant";
    public static final String CHANGES_DIR = "_changes";
    /** Log mode's segments: the changes themselves, images included, instead of one object per item. */
    public static final String LOG_DIR = "_log";
    public static final String QUARANTINE_DIR = "_quarantine";
    public static final String TABLE_DESCRIPTION = "_table.json";
    public static final String CHECKPOINTS_DIR = "_checkpoints";

    private static final DateTimeFormatter HOUR_PATH =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COMPACT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String prefix;

    private BackupLayout(String prefix) {
        this.prefix = normalise(prefix);
    }

    /** A layout under {@code prefix} (null or empty for none; surrounding slashes are ignored). */
    public static BackupLayout withPrefix(String prefix) {
        return new BackupLayout(prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** {@code {prefix}/{table}/}: everything of one table. */
    public String tableRoot(String table) {
        return join(prefix, tableName(table)) + "/";
    }

    /** {@code {prefix}/{table}/{tenant}/{itemId}}; tenant may be null when multi-tenancy is off. */
    public String objectKey(String table, String tenant, String itemId) {
        return join(join(prefix, tableName(table)), join(tenant, requirePart(itemId, "itemId")));
    }

    /** A table name as DynamoDB allows it ({@link TableArn#isTableName}): a path segment as it is. */
    private static String tableName(String table) {
        requirePart(table, "table");
        if (!TableArn.isTableName(table)) {
            throw new IllegalArgumentException("Not a DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, _, -, .): '"
                    + table + "'");
        }
        return table;
    }

    /** Whether an object key is too long for S3 (the caller then falls back to the MD5 name). */
    public static boolean exceedsS3Limit(String objectKey) {
        return objectKey.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
    }

    /**
     * The change-log object for one delivered batch. The hour folder is that of the batch's first
     * record; the name carries that record's time and sequence number and the invocation's request
     * id, so no two deliveries (other shards, retries of the same batch) share a name.
     */
    public String changeLogKey(String table, Instant firstRecordTime, String firstSequenceNumber, String invocationId) {
        return changeLogRoot(table) + batchName(firstRecordTime, firstSequenceNumber, invocationId) + ".jsonl";
    }

    /** {@code {prefix}/{table}/_changes/}: all change logs of a table. */
    public String changeLogRoot(String table) {
        return tableRoot(table) + CHANGES_DIR + "/";
    }

    /**
     * {@code {prefix}/{table}/_changes/yyyy/MM/dd/HH}: the hour folder of {@code time} without its
     * trailing slash. Every change log of that hour or a later one sorts after it, so it is the
     * {@code start-after} of a listing that reads the change logs from that hour on.
     */
    public String changeLogHour(String table, Instant time) {
        return changeLogRoot(table) + HOUR_PATH.format(time);
    }

    /**
     * The log segment of one delivered batch (log mode), named by the rule of {@link #changeLogKey}
     * under {@code _log}: the hour folder and the time and sequence number of the batch's first
     * record, and the invocation's request id, so a redelivery never overwrites an earlier segment.
     */
    public String logSegmentKey(String table, Instant firstRecordTime, String firstSequenceNumber, String invocationId) {
        return logSegmentName(table, firstRecordTime, firstSequenceNumber, invocationId) + ".jsonl.gz";
    }

    /**
     * Part {@code part} (1, 2, ...) of a segment too large for one object: the name of
     * {@link #logSegmentKey} with {@code -{part}} before the extension.
     */
    public String logSegmentKey(String table, Instant firstRecordTime, String firstSequenceNumber, String invocationId,
            int part) {
        if (part < 1) {
            throw new IllegalArgumentException("Segment parts are numbered from 1, was " + part);
        }
        return logSegmentName(table, firstRecordTime, firstSequenceNumber, invocationId) + "-" + part + ".jsonl.gz";
    }

    private String logSegmentName(String table, Instant firstRecordTime, String firstSequenceNumber, String invocationId) {
        return logRoot(table) + batchName(firstRecordTime, firstSequenceNumber, invocationId);
    }

    /** A delivered batch's hour folder and name, without extension (change logs and log segments). */
    private static String batchName(Instant firstRecordTime, String firstSequenceNumber, String invocationId) {
        return HOUR_PATH.format(firstRecordTime) + "/" + COMPACT_TIME.format(firstRecordTime) + "-" + firstSequenceNumber
                + "-" + invocationId;
    }

    /** {@code {prefix}/{table}/_log/}: all log segments of a table. */
    public String logRoot(String table) {
        return tableRoot(table) + LOG_DIR + "/";
    }

    /**
     * {@code {prefix}/{table}/_log/yyyy/MM/dd/HH} without its trailing slash: as {@link #changeLogHour},
     * the {@code start-after} of a listing that reads the segments from that hour on.
     */
    public String logHour(String table, Instant time) {
        return logRoot(table) + HOUR_PATH.format(time);
    }

    /** {@code {prefix}/{table}/_checkpoints/}: all checkpoints of a table. */
    public String checkpointRoot(String table) {
        return tableRoot(table) + CHECKPOINTS_DIR + "/";
    }

    /** {@code {prefix}/{table}/_checkpoints/{yyyyMMddTHHmmssZ}/}: the checkpoint at {@code time} (whole seconds). */
    public String checkpointFolder(String table, Instant time) {
        return checkpointRoot(table) + checkpointFolderName(time) + "/";
    }

    /** The folder name of the checkpoint at {@code time}: {@code yyyyMMddTHHmmssZ}. */
    public static String checkpointFolderName(Instant time) {
        return COMPACT_TIME.format(time);
    }

    /** The time of a checkpoint folder name ({@code yyyyMMddTHHmmssZ}), or null when it is not one. */
    public static Instant checkpointTime(String folderName) {
        try {
            return COMPACT_TIME.parse(folderName, Instant::from);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public String quarantineKey(String table, String eventId) {
        return tableRoot(table) + QUARANTINE_DIR + "/" + NameEncoding.encode(eventId) + ".json";
    }

    public String tableDescriptionKey(String table) {
        return tableRoot(table) + TABLE_DESCRIPTION;
    }

    /**
     * Whether a key below {@link #tableRoot} is a layout file (change log, log segment, quarantine,
     * table description, checkpoint) rather than an item object. Item and tenant names never start with an
     * underscore, because {@link NameEncoding} escapes a leading one.
     */
    public boolean isLayoutFile(String table, String objectKey) {
        String root = tableRoot(table);
        return objectKey.startsWith(root) && objectKey.startsWith("_", root.length());
    }

    private static String join(String left, String right) {
        if (left == null || left.isEmpty()) {
            return right;
        }
        if (right == null || right.isEmpty()) {
            return left;
        }
        return left + "/" + right;
    }

    private static String requirePart(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    private static String normalise(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip().replaceAll("^/+|/+$", "").replaceAll("/{2,}", "/");
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("The backup prefix must not have a '.' or '..' segment"
                        + " (tools that normalise paths would resolve it elsewhere): '" + prefix + "'");
            }
        }
        return p;
    }
}
