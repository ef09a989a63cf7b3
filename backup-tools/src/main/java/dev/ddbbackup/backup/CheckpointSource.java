package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.CheckpointEntry;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.Checkpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Timelines from a checkpoint plus the change-log lines since it, without listing a version: each
 * object starts at its checkpoint entry and the lines ordered after it ({@link CheckpointTimelines}).
 * Exact at the checkpoint's time and after; before it the timelines hold only its entries.
 *
 * @param changeLogs the lines read from {@code changeLogsFrom} on
 * @param changeLogsFrom the hour from which change logs are read (min(T0, B) less the lateness
 *     bound)
 */
record CheckpointSource(Checkpoints store, BackupCatalog catalog, ChangeLogIndex changeLogs,
        CheckpointManifest checkpoint, Instant changeLogsFrom, ReadCounters counters) implements TimelineSource {

    /**
     * Opens {@code checkpoint} for {@code scope}: the folders and naming it recorded (no listing)
     * and the change lines (change logs and log segments) from its start hour on, read into
     * {@code context} (which closes them).
     */
    static CheckpointSource open(BackupScope scope, CheckpointManifest checkpoint, ReadContext context) {
        BackupCatalog catalog = BackupCatalog.recorded(context.reader, scope, checkpoint.folders(), checkpoint.md5Names());
        Instant from = Checkpoints.changeLogsFrom(checkpoint);
        ChangeLogIndex changeLogs = context.readLines(catalog, LineHours.from(from));
        return new CheckpointSource(context.reader.checkpoints(), catalog, changeLogs, checkpoint, from, context.counters);
    }

    @Override
    public TimeSource timeSource() {
        return TimeSource.CHANGE_LOG;
    }

    @Override
    public String describe() {
        return "checkpoint " + checkpoint.time() + " (built " + checkpoint.builtAt() + ") + change logs from "
                + changeLogsFrom + " on";
    }

    @Override
    public boolean listsVersions() {
        return false;
    }

    @Override
    public BackupProblem imageNotFound(String bucket, Change put) {
        String namedBy = put.origin() == Change.Origin.CHANGE_LOG && put.time().isAfter(checkpoint.time())
                ? "the change log" : "the checkpoint at " + checkpoint.time();
        return BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, bucket, put.objectKey(), put.versionId(),
                "named by " + namedBy + " (event " + put.eventId() + " at " + put.time() + "), the bucket does not hold it"
                        + (put.otherVersionIds().isEmpty() ? "" : " nor " + put.otherVersionIds()));
    }

    @Override
    public List<ItemTimeline> read(Partition partition) {
        List<CheckpointEntry> entries = new ArrayList<>();
        for (CheckpointManifest.PartFile file : checkpoint.files()) {
            if (!catalog.mayHold(file.partition(), partition)) {
                continue;
            }
            counters.checkpointFilesRead.incrementAndGet();
            store.read(file, e -> {
                if (catalog.holds(e.objectKey(), e.tenant(), e.keys(), partition)) {
                    entries.add(e);
                }
            });
        }
        CheckpointTimelines builder = new CheckpointTimelines(checkpoint.time());
        List<ItemTimeline> out = builder.build(entries, changeLogs.read(partition.id()));
        counters.checkpointEntries.addAndGet(builder.entries());
        counters.lateLines.addAndGet(builder.lateLines());
        return out;
    }
}
