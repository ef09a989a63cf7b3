package dev.ddbbackup.local;

import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.NameEncoding;
import dev.ddbbackup.verify.ItemDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checks a backup against the table and against the workload that changed it:
 * <ul>
 *   <li>latest state: for every item in the table, the latest version of its object is that item;
 *       every other object of every key the workload touched (deleted items, the old tenant's copy
 *       after a tenant move) ends in a delete marker;</li>
 *   <li>history: each object's changes, read from the change logs in sequence order, are exactly
 *       the images the table went through, in order, and each PUT's version holds that image.</li>
 * </ul>
 * Object versions are listed one object key at a time, so the check does not depend on how a
 * server paginates large listings.
 */
public final class BackupCheck {

    /** The outcome, with counts for the summary and the first problems found. */
    public static final class Result {
        public int keysChecked;
        public int objects;
        public int versions;
        public int deleteMarkers;
        public int changeLogFiles;
        public int changeLogLines;
        public int historyVersionsMatched;
        public final List<String> problems = new ArrayList<>();

        public boolean passed() {
            return problems.isEmpty();
        }

        void problem(String p) {
            if (problems.size() < 20) {
                problems.add(p);
            } else if (problems.size() == 20) {
                problems.add("... more problems not shown");
            }
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final BackupLayout layout;
    private final String table;
    private final KeyStrategy strategy;
    private final List<String> keySchema;
    /** Tenant values the workload used, or null when multi-tenancy is off. */
    private final List<String> tenants;

    public BackupCheck(S3Client s3, String bucket, BackupLayout layout, String table, KeyStrategy strategy,
            List<String> keySchema, List<String> tenants) {
        this.s3 = s3;
        this.bucket = bucket;
        this.layout = layout;
        this.table = table;
        this.strategy = strategy;
        this.keySchema = keySchema;
        this.tenants = tenants;
    }

    public Result check(DynamoDbClient dynamoDb, Map<ItemKey, List<Workload.Change>> history) {
        Result result = new Result();
        Map<String, List<ChangeLogEntry>> changeLog = readChangeLogs(result);
        Map<ItemKey, Map<String, AttributeValue>> tableItems = scan(dynamoDb);
        for (Map.Entry<ItemKey, List<Workload.Change>> e : history.entrySet()) {
            result.keysChecked++;
            checkKey(e.getKey(), e.getValue(), tableItems.get(e.getKey()), changeLog, result);
        }
        for (ItemKey key : tableItems.keySet()) {
            if (!history.containsKey(key)) {
                result.problem("item " + key + " is in the table but the workload never wrote it");
            }
        }
        return result;
    }

    private void checkKey(ItemKey key, List<Workload.Change> changes, Map<String, AttributeValue> tableItem,
            Map<String, List<ChangeLogEntry>> changeLog, Result result) {
        // What the function must have done, object by object (a tenant move is a PUT and a DELETE).
        Map<String, List<Workload.Change>> expected = new LinkedHashMap<>();
        String tenant = null;
        for (Workload.Change change : changes) {
            if (change.isDelete()) {
                expected.computeIfAbsent(objectKey(key, tenant), k -> new ArrayList<>()).add(change);
                tenant = null;
                continue;
            }
            String newTenant = tenantOf(change.image());
            expected.computeIfAbsent(objectKey(key, newTenant), k -> new ArrayList<>()).add(change);
            if (tenant != null && !tenant.equals(newTenant)) {
                expected.computeIfAbsent(objectKey(key, tenant), k -> new ArrayList<>()).add(new Workload.Change(null));
            }
            tenant = newTenant;
        }
        String liveObject = tableItem == null ? null : objectKey(key, tenantOf(tableItem));
        for (Map.Entry<String, List<Workload.Change>> e : expected.entrySet()) {
            checkObject(key, e.getKey(), e.getValue(), changeLog.getOrDefault(e.getKey(), List.of()),
                    e.getKey().equals(liveObject) ? tableItem : null, result);
        }
        if (tableItem != null && !expected.containsKey(liveObject)) {
            result.problem("item " + key + " has no object at " + liveObject);
        }
    }

    private void checkObject(ItemKey key, String objectKey, List<Workload.Change> expected,
            List<ChangeLogEntry> logged, Map<String, AttributeValue> tableItem, Result result) {
        result.objects++;
        ListObjectVersionsResponse listing = s3.listObjectVersions(b -> b.bucket(bucket).prefix(objectKey).maxKeys(1000));
        // The prefix also lists longer keys that start with this one.
        List<ObjectVersion> versions = listing.versions().stream().filter(v -> v.key().equals(objectKey)).toList();
        List<DeleteMarkerEntry> markers = listing.deleteMarkers().stream().filter(m -> m.key().equals(objectKey)).toList();
        result.versions += versions.size();
        result.deleteMarkers += markers.size();

        // Latest state.
        boolean latestIsMarker = markers.stream().anyMatch(DeleteMarkerEntry::isLatest);
        ObjectVersion latest = versions.stream().filter(ObjectVersion::isLatest).findFirst().orElse(null);
        if (tableItem == null && !latestIsMarker) {
            result.problem(objectKey + " (" + key + "): should end in a delete marker, latest is a version");
        } else if (tableItem != null) {
            if (latest == null) {
                result.problem(objectKey + " (" + key + "): should hold the table's item, latest is a delete marker");
            } else if (!sameItem(tableItem, body(objectKey, latest.versionId()))) {
                result.problem(objectKey + " (" + key + "): latest version differs from the table's item");
            }
        }

        // History: change-log lines in sequence order, retried deliveries counted once.
        Set<String> seen = new HashSet<>();
        List<ChangeLogEntry> distinct = logged.stream().sorted(Comparator.comparing(ChangeLogEntry::sequence))
                .filter(entry -> seen.add(entry.eventId() + "/" + entry.action())).toList();
        if (distinct.size() != expected.size()) {
            result.problem(objectKey + " (" + key + "): " + expected.size() + " changes made, " + distinct.size()
                    + " in the change log");
            return;
        }
        checkVersionsAreLogged(objectKey, versions, markers, logged, distinct, result);
        for (int i = 0; i < expected.size(); i++) {
            Workload.Change change = expected.get(i);
            ChangeLogEntry entry = distinct.get(i);
            if (change.isDelete() != (entry.action() == Action.DELETE)) {
                result.problem(objectKey + ": change " + (i + 1) + " should be " + (change.isDelete() ? "DELETE" : "PUT")
                        + " but the change log says " + entry.action());
                return;
            }
            if (!change.isDelete()) {
                if (!sameItem(change.image(), body(objectKey, entry.versionId()))) {
                    result.problem(objectKey + ": version " + entry.versionId() + " (change " + (i + 1)
                            + ") does not hold the image the table had");
                    return;
                }
                result.historyVersionsMatched++;
            }
        }
    }

    /**
     * Every version in the bucket is accounted for by the change log. A batch that is delivered
     * again (after a failed write or a failed change log) writes its records again, so a version
     * may be missing from the logs only if it repeats a change that is logged (same event id).
     */
    private void checkVersionsAreLogged(String objectKey, List<ObjectVersion> versions, List<DeleteMarkerEntry> markers,
            List<ChangeLogEntry> logged, List<ChangeLogEntry> distinct, Result result) {
        Set<String> listed = versions.stream().map(ObjectVersion::versionId).collect(Collectors.toSet());
        Set<String> loggedVersions = new HashSet<>();
        Set<String> loggedEvents = new HashSet<>();
        for (ChangeLogEntry entry : logged) {
            loggedEvents.add(entry.eventId());
            if (entry.action() == Action.PUT) {
                loggedVersions.add(entry.versionId());
                if (!listed.contains(entry.versionId())) {
                    result.problem(objectKey + ": the change log names version " + entry.versionId() + ", the bucket has no such version");
                }
            }
        }
        for (ObjectVersion v : versions) {
            if (!loggedVersions.contains(v.versionId())) {
                String eventId = s3.headObject(b -> b.bucket(bucket).key(objectKey).versionId(v.versionId())).metadata().get("event-id");
                if (!loggedEvents.contains(eventId)) {
                    result.problem(objectKey + ": version " + v.versionId() + " (event " + eventId + ") is in no change log");
                }
            }
        }
        long deletes = distinct.stream().filter(e -> e.action() == Action.DELETE).count();
        if (markers.size() < deletes) {
            result.problem(objectKey + ": " + deletes + " deletes logged, " + markers.size() + " delete markers in the bucket");
        }
    }

    private Map<String, List<ChangeLogEntry>> readChangeLogs(Result result) {
        Map<String, List<ChangeLogEntry>> byObject = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(layout.changeLogRoot(table))).contents()) {
            result.changeLogFiles++;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    s3.getObject(b -> b.bucket(bucket).key(o.key())), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        ChangeLogEntry entry = ChangeLogEntry.parse(line);
                        byObject.computeIfAbsent(entry.objectKey(), k -> new ArrayList<>()).add(entry);
                        result.changeLogLines++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byObject;
    }

    private Map<ItemKey, Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb) {
        Map<ItemKey, Map<String, AttributeValue>> items = new HashMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
            Map<String, AttributeValue> key = new HashMap<>();
            for (String name : keySchema) {
                key.put(name, item.get(name));
            }
            items.put(DynamoJson.sdkKey(key), item);
        });
        return items;
    }

    private String objectKey(ItemKey key, String tenantValue) {
        String tenantSegment = tenants == null ? null : NameEncoding.encode(tenantValue);
        return layout.objectKey(table, tenantSegment, strategy.itemId(key, keySchema));
    }

    private String tenantOf(Map<String, AttributeValue> image) {
        return tenants == null ? null : image.get(Workload.TENANT).s();
    }

    private Map<String, AttributeValue> body(String objectKey, String versionId) {
        return DynamoJson.parseSdkItem(s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey).versionId(versionId))
                .asByteArray());
    }

    private static boolean sameItem(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        return a != null && b != null && ItemDigest.of(a).equals(ItemDigest.of(b));
    }
}
