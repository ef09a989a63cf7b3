package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.VersionMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Timelines from the whole history: every object version of the partition listed, joined by
 * {@link TimelineBuilder} to every change-log line (in change-log mode; the versions HEADed that no
 * line names), or timed by LastModified alone.
 *
 * @param changeLogs the change-log lines joined to the versions; null in LastModified mode
 */
record FullHistorySource(BackupReader reader, BackupCatalog catalog, ChangeLogIndex changeLogs, ExecutorService pool,
        ReadCounters counters) implements TimelineSource {

    @Override
    public TimeSource timeSource() {
        return changeLogs != null ? TimeSource.CHANGE_LOG : TimeSource.LAST_MODIFIED;
    }

    @Override
    public String describe() {
        return "full history (no checkpoint used: every change log read, every version listed)";
    }

    @Override
    public boolean listsVersions() {
        return true;
    }

    @Override
    public List<ItemTimeline> read(Partition partition) {
        Map<String, List<ListedVersion>> versionsByItem = list(partition);
        List<ChangeLogEntry> lines = changeLogs != null ? changeLogs.read(partition.id()) : List.of();
        Map<String, List<ChangeLogEntry>> linesByItem = ChangeGrouping.byItem(lines);
        Map<String, VersionMetadata> metadata = changeLogs != null
                ? headUnlogged(versionsByItem, ChangeGrouping.loggedPutVersions(lines)) : Map.of();
        TimelineBuilder builder = new TimelineBuilder(catalog.root(), changeLogs != null, v -> metadata.get(v.versionId),
                changeLogs == null ? null : changeLogs.functionSince());
        Set<String> names = new TreeSet<>(versionsByItem.keySet());
        names.addAll(linesByItem.keySet());
        List<ItemTimeline> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(builder.build(name, linesByItem.getOrDefault(name, List.of()),
                    versionsByItem.getOrDefault(name, List.of())));
        }
        counters.loggedVersionsMissing.addAndGet(builder.missingVersions());
        return out;
    }

    private Map<String, List<ListedVersion>> list(Partition partition) {
        Map<String, List<ListedVersion>> byItem = new ConcurrentHashMap<>();
        List<Future<?>> listings = new ArrayList<>();
        VersionLister lister = counters.counting(reader.s3::listObjectVersions);
        for (String prefix : partition.listingPrefixes()) {
            listings.add(pool.submit(() -> VersionPages.forEachEntry(lister, reader.bucket, prefix, v -> {
                String name = catalog.itemNameIfItem(v.key);
                if (name != null && catalog.listedInScope(name)) {
                    counters.versionsListed.incrementAndGet();
                    byItem.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>())).add(v);
                }
            })));
        }
        Tasks.awaitAll(listings);
        return byItem;
    }

    private Map<String, VersionMetadata> headUnlogged(Map<String, List<ListedVersion>> versionsByItem,
            Set<String> loggedPutVersions) {
        Map<String, VersionMetadata> out = new ConcurrentHashMap<>();
        List<Future<?>> requests = new ArrayList<>();
        for (List<ListedVersion> versions : versionsByItem.values()) {
            for (ListedVersion v : versions) {
                if (v.deleteMarker || loggedPutVersions.contains(v.versionId)) {
                    continue;
                }
                requests.add(pool.submit(() -> {
                    VersionMetadata m = reader.metadata(v, counters);
                    if (m != null) {
                        out.put(v.versionId, m);
                    }
                }));
            }
        }
        Tasks.awaitAll(requests);
        return out;
    }
}
