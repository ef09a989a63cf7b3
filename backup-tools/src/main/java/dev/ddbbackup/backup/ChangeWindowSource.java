package dev.ddbbackup.backup;

import dev.ddbbackup.backup.ChangeGrouping.LoggedChange;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.VersionMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Timelines of only the items changed in a window (T1, T2]: an item is in the window when one of
 * its changes ({@link ChangeGrouping}) is. Each timeline is exact at T1 and after, so
 * {@link ItemTimeline#latestAt} gives its state at T1 as at T2. The state at T1 is the item's newest
 * change at or before it, found one of two ways ({@link ChangeWindow} chooses):
 * <ul>
 *   <li><b>Listing</b>: the lines are read from the hour of T1 less the lateness bound on (any line
 *       of a change after T1 is there or later), and for the window's items only their object
 *       versions are listed (a prefix listing of each object key the lines name) and joined to the
 *       lines by {@link TimelineBuilder}, the versions older than the lines read timed by their
 *       metadata (a HEAD each). Exact when no log segment is older than the lines read: a change
 *       before them is then an object version. When older segments exist and no checkpoint helps,
 *       every segment is read ({@code allSegments}): a log-mode change has no version to list. A
 *       backup without item objects lists nothing.</li>
 *   <li><b>From a checkpoint</b> at or before T1 (log mode, older segments): the checkpoint's
 *       entries and the lines since it ({@link CheckpointSource}), of the items with a change in
 *       the window.</li>
 * </ul>
 * So the cost follows the window and the history of its items (or the checkpoint), never the
 * table's history.
 */
final class ChangeWindowSource implements TimelineSource {

    private final Instant from;
    private final Instant to;
    /** The checkpoint the states at T1 start from, or null: they come from {@link #listing}. */
    private final CheckpointSource checkpoint;
    private final Listing listing;

    /**
     * What the listing way reads with: {@code changeLogs} read from {@code changeLogsFrom} on (and
     * every log segment when {@code allSegments}); {@code listVersions} false when the backup holds
     * no item object (log mode only): nothing to list.
     */
    record Listing(BackupReader reader, BackupCatalog catalog, ChangeLogIndex changeLogs, ExecutorService pool,
            ReadCounters counters, Instant changeLogsFrom, boolean listVersions, boolean allSegments) {
    }

    /** The window's items from their listed versions and the lines {@code listing} read. */
    ChangeWindowSource(Listing listing, Instant from, Instant to) {
        this(from, to, null, listing);
    }

    /** The window's items from a checkpoint at or before T1 and the lines since it. */
    ChangeWindowSource(CheckpointSource checkpoint, Instant from, Instant to) {
        this(from, to, checkpoint, null);
    }

    private ChangeWindowSource(Instant from, Instant to, CheckpointSource checkpoint, Listing listing) {
        this.from = from;
        this.to = to;
        this.checkpoint = checkpoint;
        this.listing = listing;
    }

    /** The checkpoint the states at T1 start from, or empty. */
    Optional<CheckpointSource> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** Whether every log segment is read (no checkpoint at or before T1, older segments). */
    boolean readsEveryLogSegment() {
        return listing != null && listing.allSegments();
    }

    @Override
    public TimeSource timeSource() {
        return TimeSource.CHANGE_LOG;
    }

    @Override
    public String describe() {
        String window = "the window (" + from + ", " + to + "]";
        if (checkpoint != null) {
            return checkpoint.describe() + ": the states at T1 from the checkpoint, the items changed in " + window;
        }
        return (listing.allSegments() ? "every log segment (no checkpoint at or before T1: an item's state at T1"
                + " may be in any of them, so the cost follows the backup's log, not the window), " : "")
                + "change logs from " + listing.changeLogsFrom() + " on (" + window + " less the lateness bound)"
                + (listing.listVersions() ? ", and the versions of the items changed in it"
                        : " (no item objects to list)");
    }

    @Override
    public boolean listsVersions() {
        return checkpoint == null;
    }

    @Override
    public BackupProblem imageNotFound(String bucket, Change put) {
        if (checkpoint != null) {
            return checkpoint.imageNotFound(bucket, put);
        }
        return TimelineSource.super.imageNotFound(bucket, put);
    }

    @Override
    public List<ItemTimeline> read(Partition partition) {
        if (checkpoint != null) {
            List<ItemTimeline> out = new ArrayList<>();
            for (ItemTimeline t : checkpoint.read(partition)) {
                if (t.changes().stream().anyMatch(c -> inWindow(c.time()))) {
                    out.add(t);
                }
            }
            return out;
        }
        List<Future<ItemTimeline>> items = new ArrayList<>();
        for (Map.Entry<String, List<ChangeLogEntry>> item
                : ChangeGrouping.byItem(listing.changeLogs().read(partition.id())).entrySet()) {
            if (changedInWindow(item.getValue())) {
                items.add(listing.pool().submit(() -> timeline(item.getKey(), item.getValue())));
            }
        }
        return Tasks.awaitAll(items);
    }

    private boolean inWindow(Instant t) {
        return t.isAfter(from) && !t.isAfter(to);
    }

    private boolean changedInWindow(List<ChangeLogEntry> lines) {
        for (LoggedChange c : ChangeGrouping.group(lines)) {
            if (inWindow(c.first().approximateCreationTime())) {
                return true;
            }
        }
        return false;
    }

    /** The item's whole timeline: its objects' versions listed, joined to the lines read. */
    private ItemTimeline timeline(String name, List<ChangeLogEntry> lines) {
        Set<String> objectKeys = new LinkedHashSet<>();
        lines.forEach(e -> objectKeys.add(e.objectKey()));
        Set<String> loggedPutVersions = ChangeGrouping.loggedPutVersions(lines);
        BackupReader reader = listing.reader();
        ReadCounters counters = listing.counters();
        VersionLister lister = counters.counting(reader.s3::listObjectVersions);
        List<ListedVersion> versions = new ArrayList<>();
        for (String key : listing.listVersions() ? objectKeys : Set.<String>of()) {
            // A prefix listing of the key: longer names that start with it are other items.
            VersionPages.forEachEntry(lister, reader.bucket, key, v -> {
                if (v.key.equals(key)) {
                    counters.versionsListed.incrementAndGet();
                    versions.add(v);
                }
            });
        }
        Map<String, VersionMetadata> metadata = new HashMap<>();
        for (ListedVersion v : versions) {
            if (!v.deleteMarker && !loggedPutVersions.contains(v.versionId)) {
                VersionMetadata m = reader.metadata(v, counters);
                if (m != null) {
                    metadata.put(v.versionId, m);
                }
            }
        }
        // Delete markers no line names: those written since the lines read begin may be deliveries of
        // a logged delete (rule 4); older ones are deletes at their LastModified (their lines, if
        // any, were not read).
        TimelineBuilder builder = new TimelineBuilder(listing.catalog().root(), true, v -> metadata.get(v.versionId),
                listing.changeLogsFrom());
        ItemTimeline timeline = builder.build(name, lines, versions);
        counters.loggedVersionsMissing.addAndGet(builder.missingVersions());
        return timeline;
    }
}
