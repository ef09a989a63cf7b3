package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.VersionMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
    public BackupProblem imageNotFound(String bucket, Change put) {
        return BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, bucket, put.objectKey(), put.versionId(),
                "listed, but a GET of it finds nothing (404)");
    }

    @Override
    public List<ItemTimeline> read(Partition partition) {
        Map<String, List<ListedVersion>> versionsByItem = list(partition);
        Map<String, List<ChangeLogEntry>> linesByItem = new HashMap<>();
        Set<String> loggedPutVersions = new HashSet<>();
        if (changeLogs != null) {
            for (ChangeLogEntry e : changeLogs.read(partition.id())) {
                linesByItem.computeIfAbsent(BackupCatalog.itemName(e.objectKey()), k -> new ArrayList<>()).add(e);
                if (e.action() == Action.PUT && e.versionId() != null) {
                    loggedPutVersions.add(e.versionId());
                }
            }
        }
        Map<String, VersionMetadata> metadata = changeLogs != null ? headUnlogged(versionsByItem, loggedPutVersions)
                : Map.of();
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
        VersionLister lister = counters.counting(reader.lister());
        for (String prefix : partition.listingPrefixes()) {
            listings.add(pool.submit(() -> VersionPages.forEachEntry(lister, reader.bucket(), prefix, v -> {
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
                    counters.heads.incrementAndGet();
                    VersionMetadata m = VersionMetadata.of(reader.s3().headObject(b -> b.bucket(reader.bucket())
                            .key(v.key).versionId(v.versionId)).metadata());
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
