package dev.ddbbackup.backfill;

import dev.ddbbackup.json.TenantNames;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.ItemObjectKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.VersionMetadata;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.verify.Verifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The changes a tool (not the stream) writes into a table's backup, in the function's layout: one
 * event name ({@code BACKFILL}, {@code RESYNC}), one time for the whole run (to the second, as the
 * stream's), sequence number 0, the version metadata and change-log lines the readers order them by.
 * Sequence 0 is the first place in its second: a streamed change of the same second sorts after it.
 */
public final class ToolChanges {

    public static final String SEQUENCE_NUMBER = "0";

    private final S3Writer writer;
    private final BackupLayout layout;
    private final String table;
    private final String eventName;
    private final Instant time;
    private final String runId = UUID.randomUUID().toString();

    public ToolChanges(S3Writer writer, BackupLayout layout, String table, String eventName, Instant time) {
        this.writer = writer;
        this.layout = layout;
        this.table = table;
        this.eventName = eventName;
        this.time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The run's time, to the second: every change of the run is "as of" it. */
    public Instant time() {
        return time;
    }

    /** A new change's event id: the event name in lower case and a random UUID. */
    public String newEventId() {
        return eventName.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID();
    }

    /** The user metadata of an item version the run writes. */
    public Map<String, String> metadata(String eventId) {
        return VersionMetadata.of(eventName, eventId, SEQUENCE_NUMBER, time);
    }

    /** Where a table item's object is: its key, tenant folder and object key, as the function names them. */
    public record Located(ItemKey key, String tenant, boolean tenantFallback, String objectKey) {
    }

    /**
     * Locates a table item as the function would.
     *
     * @param tenantColumn the function's MultiTenancyColumn, or null
     */
    public Located locate(Map<String, AttributeValue> item, List<String> keySchema, KeyStrategy strategy,
            String tenantColumn) {
        ItemKey key = Verifier.itemKey(item, keySchema);
        String tenant = null;
        boolean fallback = false;
        if (tenantColumn != null) {
            TenantNames.Tenant t = TenantNames.ofSdkValue(tenantColumn, item.get(tenantColumn));
            fallback = t.problem != null;
            tenant = t.segment;
        }
        return new Located(key, tenant, fallback,
                ItemObjectKey.of(layout, strategy, table, tenant, key, keySchema).key());
    }

    /** A change-log line of the run (then add a version id, or an image in log mode: {@link ChangeLogEntry#withStored}). */
    public ChangeLogEntry entry(String eventId, ChangeLogEntry.Action action, ItemKey key, String objectKey,
            String tenant) {
        return new ChangeLogEntry(table, eventId, eventName, action, SEQUENCE_NUMBER, time, key, objectKey, tenant, null,
                false, null);
    }

    /**
     * Writes one change log of the run under {@code _changes/}, its lines in object-key order,
     * named after the run and {@code part}; returns its key.
     */
    public String writeChangeLog(List<ChangeLogEntry> entries, String part) {
        String lines = entries.stream().sorted(Comparator.comparing(ChangeLogEntry::objectKey))
                .map(e -> e.toJsonLine() + "\n").collect(Collectors.joining());
        String key = layout.changeLogKey(table, time, SEQUENCE_NUMBER, runName(part));
        writer.putJson(key, lines.getBytes(StandardCharsets.UTF_8));
        return key;
    }

    /** The key of part {@code part} (from 1) of the run's log segment of {@code parts} parts (log mode). */
    public String logSegmentKey(int part, int parts) {
        String name = runName("log");
        return parts == 1 ? layout.logSegmentKey(table, time, SEQUENCE_NUMBER, name)
                : layout.logSegmentKey(table, time, SEQUENCE_NUMBER, name, part);
    }

    /** {@code {event name}-{run id}-{part}}: no two runs, and no two parts of one, share a name. */
    public String runName(String part) {
        return eventName.toLowerCase(Locale.ROOT) + "-" + runId + "-" + part;
    }
}
