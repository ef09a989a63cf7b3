package dev.ddbbackup.resync;

import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.backfill.ToolChanges;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.s3.S3Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes a resync's changes in the backup's storage mode, with the writers the function and the
 * backfill use. Objects mode: each change at once (a new object version, or a delete marker, with
 * the version metadata), and at the end the change log of them all under {@code _changes/}. Log
 * mode: no object; the changes' lines, images included, as one log segment (in parts when large)
 * under {@code _log/} at the end. Both are written after every item, as the function writes a
 * batch's change log after its items.
 */
final class ResyncStore {

    /** Lines per change log of the objects mode. */
    private static final int LINES_PER_CHANGE_LOG = 10_000;
    private static final String SEGMENT_TYPE = "application/gzip";

    private final S3Writer writer;
    private final ToolChanges changes;
    private final boolean logMode;
    private final List<ChangeLogEntry> entries = new ArrayList<>();

    ResyncStore(S3Writer writer, ToolChanges changes, boolean logMode) {
        this.writer = writer;
        this.changes = changes;
        this.logMode = logMode;
    }

    String modeName() {
        return logMode ? "log" : "objects";
    }

    /** Writes (objects mode) or keeps (log mode) the change {@code line}; {@code image} is the PUT's item. */
    void write(ChangeLogEntry line, Map<String, AttributeValue> image) {
        boolean put = line.action() == ChangeLogEntry.Action.PUT;
        ChangeLogEntry entry;
        if (logMode) {
            entry = line.withStored(null, put ? DynamoJson.sdkItemToJson(image) : null);
        } else {
            String versionId = put
                    ? writer.putJson(line.objectKey(), DynamoJson.sdkItemToBytes(image), changes.metadata(line.eventId()))
                    : writer.delete(line.objectKey());
            entry = line.withStored(versionId, null);
        }
        synchronized (entries) {
            entries.add(entry);
        }
    }

    /** Writes the change log(s) or log segment of every change written; returns their keys. */
    List<String> finish() {
        List<ChangeLogEntry> all;
        synchronized (entries) {
            all = List.copyOf(entries);
        }
        List<String> keys = new ArrayList<>();
        if (all.isEmpty()) {
            return keys;
        }
        if (logMode) {
            List<byte[]> parts = LogSegment.encodeParts(all, LogSegment.DEFAULT_PART_CAP_BYTES);
            for (int p = 0; p < parts.size(); p++) {
                String key = changes.logSegmentKey(p + 1, parts.size());
                writer.putBody(key, parts.get(p), SEGMENT_TYPE, Deadline.none(), null);
                keys.add(key);
            }
            return keys;
        }
        for (int from = 0, part = 1; from < all.size(); from += LINES_PER_CHANGE_LOG, part++) {
            keys.add(changes.writeChangeLog(all.subList(from, Math.min(all.size(), from + LINES_PER_CHANGE_LOG)),
                    "p" + part));
        }
        return keys;
    }
}
