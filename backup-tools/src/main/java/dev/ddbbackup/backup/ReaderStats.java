package dev.ddbbackup.backup;

import java.util.Map;
import java.util.TreeMap;

/**
 * What reading a backup cost and met, for reports: S3 requests made and entries seen. The
 * checkpoint counts are there only when the view started from a checkpoint.
 *
 * @param logSegments log segments read (log mode), each one GET
 * @param logSegmentBytes their size as stored (gzip)
 * @param changeLogLines the lines in scope, of change logs and log segments
 * @param loggedVersionsMissing changes the change log (or a checkpoint) names whose object version
 *     is no longer in the bucket (a lifecycle rule or a person deleted it). Items read as of a time
 *     after such a change show their state before it, so reports warn about them.
 */
public record ReaderStats(long changeLogObjects, long logSegments, long logSegmentBytes, long changeLogLines, long versionsListed, long listRequests,
        long metadataHeads, long loggedVersionsMissing, boolean fromCheckpoint, long checkpointEntries,
        long checkpointFilesRead, long checkpointLateLines) {

    /**
     * What reading cost, for people (as {@code history --from/--to}, {@code changes} and
     * {@code revert} print it): a bounded read in log mode shows it read only its hours.
     */
    public String describeReads() {
        return String.format("Read %d change logs, %d log segments (%d bytes), %d versions listed (%d list requests,"
                + " %d HEADs)%s", changeLogObjects, logSegments, logSegmentBytes, versionsListed, listRequests,
                metadataHeads, fromCheckpoint ? String.format(", %d checkpoint files (%d entries)", checkpointFilesRead,
                        checkpointEntries) : "");
    }

    /** The counts by the names reports print them under (sorted by name, as they always were). */
    public Map<String, Long> toMap() {
        Map<String, Long> m = new TreeMap<>();
        m.put("changeLogObjects", changeLogObjects);
        m.put("changeLogLines", changeLogLines);
        if (logSegments > 0) {
            // Only when there are any: reports of an objects-mode backup keep their fields.
            m.put("logSegments", logSegments);
            m.put("logSegmentBytes", logSegmentBytes);
        }
        m.put("versionsListed", versionsListed);
        m.put("listRequests", listRequests);
        m.put("metadataHeads", metadataHeads);
        m.put("loggedVersionsMissing", loggedVersionsMissing);
        if (fromCheckpoint) {
            m.put("checkpointEntries", checkpointEntries);
            m.put("checkpointFilesRead", checkpointFilesRead);
            m.put("checkpointLateLines", checkpointLateLines);
        }
        return m;
    }

    /** {@link #toMap()} read back (a worker's report); a count not there is 0. */
    public static ReaderStats fromMap(Map<String, Long> counts) {
        Map<String, Long> m = counts == null ? Map.of() : counts;
        java.util.function.ToLongFunction<String> n = name -> m.getOrDefault(name, 0L);
        return new ReaderStats(n.applyAsLong("changeLogObjects"), n.applyAsLong("logSegments"),
                n.applyAsLong("logSegmentBytes"), n.applyAsLong("changeLogLines"), n.applyAsLong("versionsListed"),
                n.applyAsLong("listRequests"), n.applyAsLong("metadataHeads"), n.applyAsLong("loggedVersionsMissing"),
                m.containsKey("checkpointEntries"), n.applyAsLong("checkpointEntries"),
                n.applyAsLong("checkpointFilesRead"), n.applyAsLong("checkpointLateLines"));
    }

    /**
     * What two readers read together (the workers of a fanned-out job): every request each made, so
     * a window's change logs, which every worker reads, count once per worker.
     */
    public ReaderStats plus(ReaderStats o) {
        return new ReaderStats(changeLogObjects + o.changeLogObjects, logSegments + o.logSegments,
                logSegmentBytes + o.logSegmentBytes, changeLogLines + o.changeLogLines, versionsListed + o.versionsListed,
                listRequests + o.listRequests, metadataHeads + o.metadataHeads,
                loggedVersionsMissing + o.loggedVersionsMissing, fromCheckpoint || o.fromCheckpoint,
                checkpointEntries + o.checkpointEntries, checkpointFilesRead + o.checkpointFilesRead,
                checkpointLateLines + o.checkpointLateLines);
    }
}
