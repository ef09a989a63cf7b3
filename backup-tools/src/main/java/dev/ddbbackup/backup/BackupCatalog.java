package dev.ddbbackup.backup;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.NameEncoding;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.layout.TableDescriptionJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What a backup holds in one {@link BackupScope}, before any item is read: its folders, whether
 * item names are MD5 hex or plain text, and the partitions it is read in.
 *
 * <p>Folder discovery: the table root is listed with delimiter {@code /}. Item objects directly
 * under it mean a table without multi-tenancy; otherwise every folder except the layout's
 * ({@code _changes/}, {@code _log/}, {@code _quarantine/}, {@code _checkpoints/}) is a tenant folder.
 * Item names are taken to be MD5 hex when a sample (the first page) is all 32-digit hex; then each
 * tenant folder is listed per hex prefix. In log mode there are no item objects: the sample is the
 * item names of the first log segment's lines, and the partitions have nothing to list. Plain-text
 * names have no usable prefix structure, so the table is one partition, listed sequentially per
 * tenant folder, and {@code --segments} splits it by a hash of the item name.
 */
final class BackupCatalog {

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private final BackupReader reader;
    private final BackupScope scope;
    private final String root;
    private final String encodedTenant;
    private final List<String> folders;
    private final boolean hexNames;
    /** Item names of a single-item scope; null otherwise. */
    private final Set<String> itemNames;
    private final List<Partition> partitions;
    private final Set<String> partitionIds = new HashSet<>();
    /** A version met while sampling (for the time-source check), or null. */
    private final ListedVersion sampleVersion;
    /** Whether log segments were found: then there are partitions to read even without an item object. */
    private final boolean logs;

    private BackupCatalog(BackupReader reader, BackupScope scope, List<String> folders, boolean md5Sample,
            ListedVersion sampleVersion, boolean logs) {
        this.reader = reader;
        this.scope = scope;
        this.root = reader.location().tableRoot();
        this.encodedTenant = encodedTenant(scope);
        this.folders = List.copyOf(folders);
        this.hexNames = scope.key() != null || md5Sample;
        this.itemNames = scope.key() == null ? null : namesOf(reader, scope.key());
        this.sampleVersion = sampleVersion;
        this.logs = logs;
        this.partitions = planPartitions();
        partitions.forEach(p -> partitionIds.add(p.id()));
    }

    /**
     * Lists the table root (and one page of a folder) to find the folders and the naming, once the
     * reader has found that the location holds a backup at all ({@link BackupReader#requireBackup}).
     */
    static BackupCatalog discover(BackupReader reader, BackupScope scope, ReadCounters counters) {
        reader.requireBackup();
        Discovery d = new Discovery(reader, counters.counting(reader.s3::listObjectVersions));
        List<String> sample = d.run(reader.location().tableRoot(), encodedTenant(scope));
        boolean logs = false;
        if (sample.isEmpty()) {
            sample = d.sampleLog();
            logs = d.logSegmentFound;
        }
        return new BackupCatalog(reader, scope, d.folders, sample.stream().allMatch(n -> MD5_HEX.matcher(n).matches()),
                d.sampleVersion, logs);
    }

    /** The folders and naming a checkpoint recorded: no listing. */
    static BackupCatalog recorded(BackupReader reader, BackupScope scope, List<String> folders, boolean md5Names) {
        String root = reader.location().tableRoot();
        String tenant = encodedTenant(scope);
        List<String> read = tenant != null ? List.of(root + tenant + "/") : folders.isEmpty() ? List.of(root) : folders;
        return new BackupCatalog(reader, scope, read, md5Names, null, false);
    }

    private static String encodedTenant(BackupScope scope) {
        return scope.tenant() == null ? null : NameEncoding.encode(scope.tenant());
    }

    BackupScope scope() {
        return scope;
    }

    String root() {
        return root;
    }

    /** The encoded tenant folder name of the scope, or null for every tenant. */
    String encodedTenant() {
        return encodedTenant;
    }

    List<Partition> partitions() {
        return partitions;
    }

    List<String> folders() {
        return folders;
    }

    boolean md5Names() {
        return hexNames;
    }

    /** A version met while sampling names, or null: what the time source is judged by. */
    ListedVersion sampleVersion() {
        return sampleVersion;
    }

    /** The partition an item name belongs to, or null when it is out of scope. */
    String partitionOf(String itemName) {
        if (itemNames != null) {
            return itemNames.contains(itemName) ? Partition.ALL : null;
        }
        if (!hexNames) {
            return inSegment(itemName) ? Partition.ALL : null;
        }
        // Not PartitionWidth.partitionOf: a name that is not lower-case hex must fall in no partition.
        String id = itemName.substring(0, Math.min(itemName.length(), reader.partitionWidth().hexDigits()));
        return partitionIds.contains(id) ? id : null;
    }

    /** Whether an item name listed under {@code partition} is in scope (segment, single item). */
    boolean listedInScope(String itemName) {
        return (itemNames == null || itemNames.contains(itemName)) && (itemNames != null || hexNames || inSegment(itemName));
    }

    /**
     * Whether an object of another partition width's partition {@code fileId} (a checkpoint file)
     * can hold items of this partition.
     */
    boolean mayHold(String fileId, Partition partition) {
        if (fileId.equals(Partition.ALL)) {
            return true;
        }
        if (itemNames != null) {
            return itemNames.stream().anyMatch(n -> n.startsWith(fileId));
        }
        return partition.id().equals(Partition.ALL) || fileId.startsWith(partition.id()) || partition.id().startsWith(fileId);
    }

    /** Whether the table's backup holds log segments (log storage mode, now or before a switch). */
    boolean hasLogSegments() {
        return logs;
    }

    /** Whether an object (its key, tenant folder and logged key) belongs to this partition of the scope. */
    boolean holds(String objectKey, String tenant, ItemKey keys, Partition partition) {
        if (!objectKey.startsWith(root) || (encodedTenant != null && !encodedTenant.equals(tenant))) {
            return false;
        }
        String name = itemName(objectKey);
        if (itemNames != null) {
            return itemNames.contains(name) && (scope.key() == null || keys == null || scope.key().equals(keys));
        }
        if (!hexNames) {
            return inSegment(name);
        }
        return name.startsWith(partition.id());
    }

    /** The item name of an object key, or null when the key is a layout file or in no folder read. */
    String itemNameIfItem(String key) {
        for (String folder : folders) {
            if (key.startsWith(folder)) {
                String name = key.substring(folder.length());
                if (name.isEmpty() || name.indexOf('/') >= 0) {
                    return null;
                }
                return folder.equals(root) && name.startsWith("_") ? null : name;
            }
        }
        return null;
    }

    static String itemName(String objectKey) {
        return objectKey.substring(objectKey.lastIndexOf('/') + 1);
    }

    private boolean inSegment(String itemName) {
        return scope.segmentCount() == 1 || Math.floorMod(itemName.hashCode(), scope.segmentCount()) == scope.segmentIndex();
    }

    /** The names one item can have: MD5, and plain text when the key schema is known. */
    private static Set<String> namesOf(BackupReader reader, ItemKey key) {
        Set<String> names = new LinkedHashSet<>();
        names.add(KeyStrategy.md5().itemId(key, null));
        List<String> schema = key.attributes().size() == 1 ? List.copyOf(key.attributes().keySet())
                : reader.tableDescription().map(TableDescriptionJson.Stored::keySchema).orElse(null);
        if (schema != null) {
            try {
                names.add(KeyStrategy.plainText().itemId(key, schema));
            } catch (IllegalArgumentException e) {
                // The key does not match the schema: only the MD5 name can exist.
            }
        }
        return names;
    }

    private List<Partition> planPartitions() {
        List<Partition> out = new ArrayList<>();
        if (folders.isEmpty() && !logs) {
            return out;
        }
        if (itemNames != null) {
            List<String> prefixes = new ArrayList<>();
            for (String f : folders) {
                for (String n : itemNames) {
                    prefixes.add(f + n);
                }
            }
            out.add(new Partition(Partition.ALL, prefixes));
            return out;
        }
        if (!hexNames) {
            out.add(new Partition(Partition.ALL, folders));
            return out;
        }
        PartitionWidth width = reader.partitionWidth();
        for (int i = 0; i < width.count(); i++) {
            if (i % scope.segmentCount() != scope.segmentIndex()) {
                continue;
            }
            String id = width.id(i);
            if (scope.partitionIds() != null && !scope.partitionIds().contains(id)) {
                continue;
            }
            List<String> prefixes = new ArrayList<>(folders.size());
            for (String f : folders) {
                prefixes.add(f + id);
            }
            out.add(new Partition(id, prefixes));
        }
        return out;
    }

    /** One listing of the table root (and a page of a tenant folder): its folders and a sample of names. */
    private static final class Discovery {
        private final BackupReader reader;
        private final VersionLister lister;
        final List<String> folders = new ArrayList<>();
        ListedVersion sampleVersion;
        boolean logSegmentFound;

        Discovery(BackupReader reader, VersionLister lister) {
            this.reader = reader;
            this.lister = lister;
        }

        /** Fills {@link #folders}; returns a sample of item names for the naming check. */
        List<String> run(String root, String encodedTenant) {
            if (encodedTenant != null) {
                folders.add(root + encodedTenant + "/");
                return sampleNames(folders.get(0));
            }
            List<String> tenantFolders = new ArrayList<>();
            List<String> rootItems = new ArrayList<>();
            VersionPages.forEach(lister, reader.bucket, root, "/", page -> {
                for (ListedVersion v : page.entries()) {
                    String relative = v.key.substring(root.length());
                    if (!isLayout(relative)) {
                        rootItems.add(relative);
                        noteSample(v);
                    }
                }
                for (String p : page.commonPrefixes()) {
                    if (!isLayout(p.substring(root.length()))) {
                        tenantFolders.add(p);
                    }
                }
                // Items at the root: no tenants, and the rest of the listing would be the whole table.
                return rootItems.isEmpty();
            });
            if (!rootItems.isEmpty()) {
                folders.add(root);
                return rootItems;
            }
            folders.addAll(tenantFolders);
            return folders.isEmpty() ? List.of() : sampleNames(folders.get(0));
        }

        /**
         * Whether a key or folder below the table root is the layout's ({@code _table.json}, or in
         * {@code _changes/}, {@code _log/}, {@code _quarantine/}, {@code _checkpoints/}): not an item or
         * tenant folder ({@code _no_tenant/} is one).
         */
        private static boolean isLayout(String relative) {
            return relative.equals(BackupLayout.TABLE_DESCRIPTION) || Stream.of(BackupLayout.CHANGES_DIR,
                    BackupLayout.QUARANTINE_DIR, BackupLayout.LOG_DIR, BackupLayout.CHECKPOINTS_DIR)
                    .anyMatch(dir -> relative.startsWith(dir + "/"));
        }

        private List<String> sampleNames(String folder) {
            List<String> names = new ArrayList<>();
            VersionPages.forEach(lister, reader.bucket, folder, "/", page -> {
                for (ListedVersion v : page.entries()) {
                    names.add(v.key.substring(folder.length()));
                    noteSample(v);
                }
                return false;
            });
            return names;
        }

        /**
         * Log mode's sample: the item names of the first log segment's lines (one listing, one GET);
         * empty when there is none (or it does not read: the index reports its lines).
         */
        List<String> sampleLog() {
            Optional<String> first = reader.firstLogSegment();
            if (first.isEmpty()) {
                return List.of();
            }
            logSegmentFound = true;
            try (InputStream in = reader.s3.getObject(b -> b.bucket(reader.bucket).key(first.get()))) {
                List<String> names = new ArrayList<>();
                for (ChangeLogEntry e : LogSegment.read(in)) {
                    if (e.objectKey().startsWith(reader.location().tableRoot())) {
                        names.add(itemName(e.objectKey()));
                    }
                }
                return names;
            } catch (IOException | IllegalArgumentException | NoSuchKeyException e) {
                return List.of();
            }
        }

        private synchronized void noteSample(ListedVersion v) {
            if (sampleVersion == null && !v.deleteMarker) {
                sampleVersion = v;
            }
        }
    }
}
