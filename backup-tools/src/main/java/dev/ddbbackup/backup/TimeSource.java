package dev.ddbbackup.backup;

/**
 * Where a change's time and order come from.
 *
 * <ul>
 *   <li>{@link #CHANGE_LOG}: the change logs under {@code _changes/} (the stream's own
 *       approximateCreationTime and sequence number), with the object's user metadata
 *       ({@code sequence-number}, {@code approximate-creation-time}, one HEAD per version) for
 *       versions no change-log line names, and LastModified as the last resort.</li>
 *   <li>{@link #LAST_MODIFIED}: S3's LastModified of each version, for buckets written by the
 *       original Node.js tool (no change log, no metadata). Delete markers are deletes.</li>
 *   <li>{@link #AUTO}: CHANGE_LOG when the table has change logs or its objects carry our
 *       metadata, LAST_MODIFIED otherwise.</li>
 * </ul>
 */
public enum TimeSource {
    CHANGE_LOG, LAST_MODIFIED, AUTO;

    /** Parses the command-line spelling ({@code change-log}, {@code last-modified}, {@code auto}). */
    public static TimeSource parse(String text) {
        return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
