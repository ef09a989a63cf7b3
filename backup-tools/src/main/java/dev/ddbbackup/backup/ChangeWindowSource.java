package dev.ddbbackup.backup;

import dev.ddbbackup.backup.ChangeGrouping.LoggedChange;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.VersionMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Timelines of only the items changed in a window (T1, T2]: the change logs are read from the hour
 * of T1 less the lateness bound on (any line of a change after T1 is there or later), an item is in
 * the window when one of its changes ({@link ChangeGrouping}) is, and only for those items the
 * object versions are listed (a prefix listing of each object key the lines name) and joined to the
 * lines by {@link TimelineBuilder}, the versions older than the lines read timed by their metadata
 * (a HEAD each). So the cost follows the window and the history of its items, never the table.
 *
 * <p>Each timeline is the item's whole history in the folders its lines name, exact at T1 and
 * after, so {@link ItemTimeline#latestAt} gives its state at T1 as at T2.
 */
final class ChangeWindowSource implements TimelineSource {

    private final BackupReader reader;
    private final BackupCatalog catalog;
    private final ChangeLogIndex changeLogs;
    private final ExecutorService pool;
    private final ReadCounters counters;
    private final Instant from;
    private final Instant to;
    private final Instant changeLogsFrom;

    ChangeWindowSource(BackupReader reader, BackupCatalog catalog, ChangeLogIndex changeLogs, ExecutorService pool,
            ReadCounters counters, Instant from, Instant to, Instant changeLogsFrom) {
        this.reader = reader;
        this.catalog = catalog;
        this.changeLogs = changeLogs;
        this.pool = pool;
        this.counters = counters;
        this.from = from;
        this.to = to;
        this.changeLogsFrom = changeLogsFrom;
    }

    @Override
    public TimeSource timeSource() {
        return TimeSource.CHANGE_LOG;
    }

    @Override
    public String describe() {
        return "change logs from " + changeLogsFrom + " on (the window (" + from + ", " + to + "] less the lateness"
                + " bound), and the versions of the items changed in it";
    }

    @Override
    public boolean listsVersions() {
        return true;
    }

    @Override
    public BackupProblem imageNotFound(String bucket, Change put) {
        return BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, bucket, put.objectKey(), put.versionId(),
                "listed, but a GET of it finds nothing (404)");
    }

    @Override
    public List<ItemTimeline> read(Partition partition) {
        Map<String, List<ChangeLogEntry>> linesByItem = new TreeMap<>();
        for (ChangeLogEntry e : changeLogs.read(partition.id())) {
            linesByItem.computeIfAbsent(BackupCatalog.itemName(e.objectKey()), k -> new ArrayList<>()).add(e);
        }
        List<Future<ItemTimeline>> items = new ArrayList<>();
        for (Map.Entry<String, List<ChangeLogEntry>> item : linesByItem.entrySet()) {
            if (changedInWindow(item.getValue())) {
                items.add(pool.submit(() -> timeline(item.getKey(), item.getValue())));
            }
        }
        List<ItemTimeline> out = new ArrayList<>(items.size());
        try {
            for (Future<ItemTimeline> f : items) {
                out.add(Tasks.get(f));
            }
        } finally {
            items.forEach(f -> f.cancel(true));
        }
        return out;
    }

    private boolean changedInWindow(List<ChangeLogEntry> lines) {
        for (LoggedChange c : ChangeGrouping.group(lines)) {
            Instant t = c.first().approximateCreationTime();
            if (t.isAfter(from) && !t.isAfter(to)) {
                return true;
            }
        }
        return false;
    }

    /** The item's whole timeline: its objects' versions listed, joined to the lines read. */
    private ItemTimeline timeline(String name, List<ChangeLogEntry> lines) {
        Set<String> objectKeys = new LinkedHashSet<>();
        Set<String> loggedPutVersions = new HashSet<>();
        for (ChangeLogEntry e : lines) {
            objectKeys.add(e.objectKey());
            if (e.action() == Action.PUT && e.versionId() != null) {
                loggedPutVersions.add(e.versionId());
            }
        }
        VersionLister lister = counters.counting(reader.lister());
        List<ListedVersion> versions = new ArrayList<>();
        for (String key : objectKeys) {
            // A prefix listing of the key: longer names that start with it are other items.
            VersionPages.forEachEntry(lister, reader.bucket(), key, v -> {
                if (v.key.equals(key)) {
                    counters.versionsListed.incrementAndGet();
                    versions.add(v);
                }
            });
        }
        Map<String, VersionMetadata> metadata = new HashMap<>();
        for (ListedVersion v : versions) {
            if (!v.deleteMarker && !loggedPutVersions.contains(v.versionId)) {
                counters.heads.incrementAndGet();
                VersionMetadata m = VersionMetadata.of(reader.s3().headObject(b -> b.bucket(reader.bucket()).key(v.key)
                        .versionId(v.versionId)).metadata());
                if (m != null) {
                    metadata.put(v.versionId, m);
                }
            }
        }
        // Delete markers no line names: those written since the lines read begin may be deliveries of
        // a logged delete (rule 4); older ones are deletes at their LastModified (their lines, if
        // any, were not read).
        TimelineBuilder builder = new TimelineBuilder(catalog.root(), true, v -> metadata.get(v.versionId),
                changeLogsFrom);
        ItemTimeline timeline = builder.build(name, lines, versions);
        counters.loggedVersionsMissing.addAndGet(builder.missingVersions());
        return timeline;
    }
}
