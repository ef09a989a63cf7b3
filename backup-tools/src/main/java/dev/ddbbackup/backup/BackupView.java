package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.CheckpointEntry;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.Checkpoints;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.NameEncoding;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.layout.VersionMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An opened backup of one table in one {@link BackupScope}: its partitions, the resolved
 * {@link TimeSource}, and per partition the items' timelines. Partitions may be read from several
 * threads at once; each {@link #read} lists only that partition, so memory holds one partition.
 *
 * <p>Folder discovery: the table root is listed with delimiter {@code /}. Item objects directly
 * under it mean a table without multi-tenancy; otherwise every folder except {@code _changes/} and
 * {@code _quarantine/} is a tenant folder. Item names are taken to be MD5 hex when a sample (the
 * first page) is all 32-digit hex; then each tenant folder is listed per hex prefix. Plain-text
 * names have no usable prefix structure, so the table is one partition, listed sequentially per
 * tenant folder, and {@code --segments} splits it by a hash of the item name.
 */
public final class BackupView implements AutoCloseable {

    /**
     * {@link #stats()} key: changes the change log names whose object version is no longer in the
     * bucket (a lifecycle rule or a person deleted it). Items read as of a time after such a change
     * show their state before it, so reports warn about them.
     */
    public static final String LOGGED_VERSIONS_MISSING = "loggedVersionsMissing";

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
    /**
     * Lambda's longest run: an invocation's item writes precede its change log by at most this, so
     * the function wrote nothing before its oldest change log less this.
     */
    private static final Duration LONGEST_INVOCATION = Duration.ofMinutes(15);
    private static final String HEX = "0123456789abcdef";

    private final BackupReader reader;
    private final BackupScope scope;
    private final String root;
    private final ExecutorService pool;
    private final List<String> folders = new ArrayList<>();
    private final boolean hexNames;
    /** Item names of a single-item scope; null otherwise. */
    private final Set<String> itemNames;
    private final List<Partition> partitions;
    private final Set<String> partitionIds = new HashSet<>();
    private final TimeSource timeSource;
    private final ChangeLogSpool spool;
    private final String encodedTenant;
    private ListedVersion sampleVersion;
    /** LastModified of the oldest change log, or null: when the function began writing this table. */
    private volatile Instant oldestChangeLog;

    /** Change-log lines (and a {@code _table.json}) that could not be read, in the order met. */
    private final List<BackupProblem> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile java.util.Optional<KeySchema> backupKeySchema;

    private final AtomicLong changeLogObjects = new AtomicLong();
    private final AtomicLong versionsListed = new AtomicLong();
    private final AtomicLong loggedVersionsMissing = new AtomicLong();
    private final AtomicLong heads = new AtomicLong();
    private final AtomicLong listRequests = new AtomicLong();
    private final AtomicLong checkpointEntries = new AtomicLong();
    private final AtomicLong checkpointFilesRead = new AtomicLong();
    private final AtomicLong lateLines = new AtomicLong();
    /** The greatest change-log key read (S3 lists in key order: the hour folders' order), or null. */
    private volatile String lastChangeLog;
    /** The checkpoint this view starts from, or null: the whole history is read (listings and every change log). */
    private final CheckpointManifest checkpoint;
    /** Hour folder from which change logs are read on top of {@link #checkpoint}. */
    private final Instant changeLogsFrom;

    BackupView(BackupReader reader, BackupScope scope, CheckpointManifest checkpoint) {
        this.reader = reader;
        this.scope = scope;
        this.checkpoint = checkpoint;
        this.changeLogsFrom = checkpoint == null ? null : Checkpoints.changeLogsFrom(checkpoint);
        this.root = reader.layout().tableRoot(reader.table());
        this.pool = Tasks.daemonPool("backup-reader", reader.concurrency());
        this.encodedTenant = scope.tenant() == null ? null : NameEncoding.encode(scope.tenant());
        if (checkpoint != null) {
            try {
                // No listing: the folders and naming are the checkpoint's, the changes since it the change logs'.
                if (encodedTenant != null) {
                    folders.add(root + encodedTenant + "/");
                } else {
                    folders.addAll(checkpoint.folders.isEmpty() ? List.of(root) : checkpoint.folders);
                }
                this.hexNames = scope.key() != null || checkpoint.md5Names;
                this.itemNames = scope.key() == null ? null : namesOf(scope.key());
                this.partitions = planPartitions();
                partitions.forEach(p -> partitionIds.add(p.id()));
                this.spool = new ChangeLogSpool();
                spoolChangeLogs(spool, reader.layout().changeLogHour(reader.table(), changeLogsFrom));
                this.timeSource = TimeSource.CHANGE_LOG;
            } catch (RuntimeException e) {
                pool.shutdownNow();
                throw e;
            }
            return;
        }
        try {
            List<String> sample = discoverFolders();
            this.hexNames = scope.key() != null || sample.stream().allMatch(n -> MD5_HEX.matcher(n).matches());
            this.itemNames = scope.key() == null ? null : namesOf(scope.key());
            this.partitions = planPartitions();
            partitions.forEach(p -> partitionIds.add(p.id()));
            ChangeLogSpool spooled = null;
            TimeSource resolved = reader.requestedTimeSource();
            if (resolved != TimeSource.LAST_MODIFIED) {
                spooled = new ChangeLogSpool();
                boolean anyLogs = spoolChangeLogs(spooled, null);
                if (resolved == TimeSource.AUTO) {
                    resolved = anyLogs || sampleHasMetadata() ? TimeSource.CHANGE_LOG : TimeSource.LAST_MODIFIED;
                }
            }
            this.spool = spooled;
            this.timeSource = resolved;
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /** CHANGE_LOG or LAST_MODIFIED: what {@link TimeSource#AUTO} resolved to. */
    public TimeSource timeSource() {
        return timeSource;
    }

    public BackupScope scope() {
        return scope;
    }

    /** The partitions in scope (those of this segment), in key order. */
    public List<Partition> partitions() {
        return partitions;
    }

    /** The folders read: the table root, or the tenant folders (each ending in '/'). */
    public List<String> folders() {
        return Collections.unmodifiableList(folders);
    }

    /** Whether the item names are MD5 hex (the default strategy). */
    public boolean md5Names() {
        return hexNames;
    }

    /** The items of one partition, sorted by item name, each with its whole timeline. */
    public List<ItemTimeline> read(Partition partition) {
        if (checkpoint != null) {
            return readFromCheckpoint(partition);
        }
        Map<String, List<ListedVersion>> versionsByItem = listPartition(partition);
        Map<String, List<ChangeLogEntry>> linesByItem = new HashMap<>();
        Set<String> loggedPutVersions = new HashSet<>();
        if (spool != null && timeSource == TimeSource.CHANGE_LOG) {
            for (ChangeLogEntry e : spool.read(partition.id())) {
                linesByItem.computeIfAbsent(itemName(e.objectKey()), k -> new ArrayList<>()).add(e);
                if (e.action() == Action.PUT && e.versionId() != null) {
                    loggedPutVersions.add(e.versionId());
                }
            }
        }
        Map<String, VersionMetadata> metadata = timeSource == TimeSource.CHANGE_LOG
                ? headUnlogged(versionsByItem, loggedPutVersions) : Map.of();
        TimelineBuilder builder = new TimelineBuilder(root, timeSource == TimeSource.CHANGE_LOG,
                v -> metadata.get(v.versionId), oldestChangeLog == null ? null : oldestChangeLog.minus(LONGEST_INVOCATION));
        Set<String> names = new java.util.TreeSet<>(versionsByItem.keySet());
        names.addAll(linesByItem.keySet());
        List<ItemTimeline> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(builder.build(name, linesByItem.getOrDefault(name, List.of()),
                    versionsByItem.getOrDefault(name, List.of())));
        }
        loggedVersionsMissing.addAndGet(builder.missingVersions());
        return out;
    }

    /**
     * The checkpoint this view starts from (then no version is listed: the items are the
     * checkpoint's entries plus the change-log lines ordered after them), or empty when it reads
     * the whole history (no checkpoint at or before the time asked for, or checkpoints not used).
     */
    public java.util.Optional<CheckpointManifest> checkpoint() {
        return java.util.Optional.ofNullable(checkpoint);
    }

    /** With a checkpoint: the hour from which change logs are read (min(T0, B) less the lateness bound). */
    public java.util.Optional<Instant> changeLogsFrom() {
        return java.util.Optional.ofNullable(changeLogsFrom);
    }

    /** The last change-log object read (S3 lists them in key order), or null when none was. */
    public String lastChangeLog() {
        return lastChangeLog;
    }

    /** A line for people saying where the view's items come from. */
    public String describeSource() {
        if (checkpoint == null) {
            return "full history (no checkpoint used: every change log read, every version listed)";
        }
        return "checkpoint " + checkpoint.time + " (built " + checkpoint.builtAt + ") + change logs from "
                + changeLogsFrom + " on";
    }

    private List<ItemTimeline> readFromCheckpoint(Partition partition) {
        List<CheckpointEntry> entries = new ArrayList<>();
        Checkpoints store = reader.checkpoints();
        for (CheckpointManifest.PartFile file : checkpoint.files) {
            if (!fileMayHold(file.partition, partition)) {
                continue;
            }
            checkpointFilesRead.incrementAndGet();
            store.read(file, e -> {
                String name = e.itemName();
                if (inScope(e, name, partition)) {
                    entries.add(e);
                }
            });
        }
        List<ChangeLogEntry> lines = spool.read(partition.id());
        CheckpointTimelines builder = new CheckpointTimelines(checkpoint.time);
        List<ItemTimeline> out = builder.build(entries, lines);
        checkpointEntries.addAndGet(builder.entries());
        lateLines.addAndGet(builder.lateLines());
        return out;
    }

    /** Whether a checkpoint file (of its own partition width) can hold items of this reader partition. */
    private boolean fileMayHold(String fileId, Partition partition) {
        if (fileId.equals(Partition.ALL)) {
            return true;
        }
        if (itemNames != null) {
            return itemNames.stream().anyMatch(n -> n.startsWith(fileId));
        }
        return partition.id().equals(Partition.ALL) || fileId.startsWith(partition.id()) || partition.id().startsWith(fileId);
    }

    private boolean inScope(CheckpointEntry e, String name, Partition partition) {
        if (!e.objectKey().startsWith(root) || (encodedTenant != null && !encodedTenant.equals(e.tenant()))) {
            return false;
        }
        if (itemNames != null) {
            return itemNames.contains(name) && (scope.key() == null || e.keys() == null || scope.key().equals(e.keys()));
        }
        if (!hexNames) {
            return inSegment(name);
        }
        return name.startsWith(partition.id());
    }

    /**
     * The DynamoDB JSON image a PUT change points at (GET by version id), unchecked: for people
     * (history). Tools that write or compare items use {@link #checkedImage}.
     *
     * @throws BackupDataException when the version is not in the bucket
     */
    public byte[] image(Change change) {
        if (!change.isPut() || change.versionId() == null) {
            throw new IllegalArgumentException("Only a PUT change has an image: " + change);
        }
        if (change.imageMissing()) {
            throw new BackupDataException(missing(change));
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(change.versionId());
        candidates.addAll(change.otherVersionIds());
        for (String versionId : candidates) {
            try {
                return reader.s3().getObjectAsBytes(b -> b.bucket(reader.bucket()).key(change.objectKey())
                        .versionId(versionId)).asByteArray();
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
            }
        }
        if (checkpoint != null) {
            loggedVersionsMissing.incrementAndGet();
            throw new BackupDataException(BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, reader.bucket(),
                    change.objectKey(), change.versionId(), "named by " + (change.origin() == Change.Origin.CHANGE_LOG
                            && change.time().isAfter(checkpoint.time) ? "the change log" : "the checkpoint at " + checkpoint.time)
                            + " (event " + change.eventId() + " at " + change.time() + "), the bucket does not hold it"
                            + (change.otherVersionIds().isEmpty() ? "" : " nor " + change.otherVersionIds())));
        }
        throw new BackupDataException(BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, reader.bucket(),
                change.objectKey(), change.versionId(), "listed, but a GET of it finds nothing (404)"));
    }

    /**
     * Without a listing the sizes of a change's deliveries are unknown: HEAD the others and compare
     * them with the image read, as {@link TimelineBuilder} does with listed sizes. Null when they agree.
     */
    private String deliveriesDiffer(Change put, long imageBytes) {
        if (put.otherVersionIds().isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        boolean differ = false;
        for (String versionId : put.otherVersionIds()) {
            long size;
            try {
                heads.incrementAndGet();
                size = reader.s3().headObject(b -> b.bucket(reader.bucket()).key(put.objectKey()).versionId(versionId))
                        .contentLength();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    continue;
                }
                throw e;
            }
            s.append(' ').append(versionId).append(" (").append(size).append(" bytes)");
            differ |= size != imageBytes;
        }
        return differ ? "the deliveries of event " + put.eventId() + " hold different images: " + imageBytes
                + " bytes read, and" + s : null;
    }

    /**
     * The image of a PUT change, read and checked: DynamoDB JSON, with the key its object is named
     * after (by the backup's {@code _table.json}, else the change log's key, else {@code fallback}),
     * every delivery of the change the same size. Problems come back in the result, never thrown,
     * except S3 failures other than a missing version (those are not the data's fault).
     *
     * @param fallback the key schema to check by when the backup has no {@code _table.json} (the
     *     restore target's, the live table's), or null
     */
    public CheckedImage checkedImage(ItemTimeline item, Change put, KeySchema fallback) {
        if (put.imageMissing()) {
            return new CheckedImage(put, null, null, missing(put));
        }
        if (put.deliveriesDiffer() != null) {
            return new CheckedImage(put, null, null, BackupProblem.version(BackupProblem.Kind.BAD_OBJECT, reader.bucket(),
                    put.objectKey(), put.versionId(), put.deliveriesDiffer()));
        }
        byte[] bytes;
        try {
            bytes = image(put);
        } catch (BackupDataException e) {
            return new CheckedImage(put, null, null, e.problems().get(0));
        }
        String differ = checkpoint == null ? null : deliveriesDiffer(put, bytes.length);
        if (differ != null) {
            return new CheckedImage(put, null, null, BackupProblem.version(BackupProblem.Kind.BAD_OBJECT, reader.bucket(),
                    put.objectKey(), put.versionId(), differ));
        }
        ImageCheck.Result r = ImageCheck.check(bytes, itemName(put.objectKey()), item.key(),
                backupKeySchema().orElse(null), fallback);
        if (r.problem != null) {
            return new CheckedImage(put, null, null, BackupProblem.version(BackupProblem.Kind.BAD_OBJECT, reader.bucket(),
                    put.objectKey(), put.versionId(), r.problem));
        }
        return new CheckedImage(put, r.image, r.key, null);
    }

    private BackupProblem missing(Change put) {
        return BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, reader.bucket(), put.objectKey(), put.versionId(),
                "the change log names this version (event " + put.eventId() + " at " + put.time()
                        + "), the bucket does not hold it");
    }

    /**
     * The stored table description, if any (same as {@link BackupReader#tableDescription()}).
     *
     * @throws BackupDataException when {@code _table.json} is there but is not a table description
     */
    public java.util.Optional<TableDescriptionJson.Stored> tableDescription() {
        return reader.tableDescription();
    }

    /** The key schema of {@code _table.json}, if it is there and readable (a bad one is a {@link #problems()} entry). */
    public java.util.Optional<KeySchema> backupKeySchema() {
        java.util.Optional<KeySchema> schema = backupKeySchema;
        if (schema == null) {
            synchronized (this) {
                if (backupKeySchema == null) {
                    try {
                        backupKeySchema = reader.tableDescription().map(KeySchema::of);
                    } catch (BackupDataException e) {
                        problems.addAll(e.problems());
                        backupKeySchema = java.util.Optional.empty();
                    }
                }
                schema = backupKeySchema;
            }
        }
        return schema;
    }

    /**
     * Change-log lines (and a {@code _table.json}) that could not be read: each is left out, and a
     * tool must say so (restore stops unless told to skip them).
     */
    public List<BackupProblem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** Counters for reports: S3 requests made and entries seen so far. */
    public Map<String, Long> stats() {
        Map<String, Long> m = new TreeMap<>();
        m.put("changeLogObjects", changeLogObjects.get());
        m.put("changeLogLines", spool == null ? 0 : spool.lines());
        m.put("versionsListed", versionsListed.get());
        m.put("listRequests", listRequests.get());
        m.put("metadataHeads", heads.get());
        m.put(LOGGED_VERSIONS_MISSING, loggedVersionsMissing.get());
        if (checkpoint != null) {
            m.put("checkpointEntries", checkpointEntries.get());
            m.put("checkpointFilesRead", checkpointFilesRead.get());
            m.put("checkpointLateLines", lateLines.get());
        }
        return m;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (spool != null) {
            spool.close();
        }
    }

    // ---- discovery ------------------------------------------------------------------------

    /** Fills {@link #folders}; returns a sample of item names for the naming check. */
    private List<String> discoverFolders() {
        if (encodedTenant != null) {
            folders.add(root + encodedTenant + "/");
            return sampleNames(folders.get(0));
        }
        List<String> tenantFolders = new ArrayList<>();
        List<String> rootItems = new ArrayList<>();
        VersionPages.forEach(countingLister(), reader.bucket(), root, "/", page -> {
            for (ListedVersion v : page.entries) {
                String relative = v.key.substring(root.length());
                if (!relative.startsWith("_changes/") && !relative.startsWith("_quarantine/")
                        && !relative.startsWith(BackupLayout.CHECKPOINTS_DIR + "/")
                        && !relative.equals(BackupLayout.TABLE_DESCRIPTION)) {
                    rootItems.add(relative);
                    noteSample(v);
                }
            }
            for (String p : page.commonPrefixes) {
                String relative = p.substring(root.length());
                if (!relative.equals(BackupLayout.CHANGES_DIR + "/") && !relative.equals(BackupLayout.QUARANTINE_DIR + "/")
                        && !relative.equals(BackupLayout.CHECKPOINTS_DIR + "/")) {
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

    private List<String> sampleNames(String folder) {
        List<String> names = new ArrayList<>();
        VersionPages.forEach(countingLister(), reader.bucket(), folder, "/", page -> {
            for (ListedVersion v : page.entries) {
                names.add(v.key.substring(folder.length()));
                noteSample(v);
            }
            return false;
        });
        return names;
    }

    private synchronized void noteSample(ListedVersion v) {
        if (sampleVersion == null && !v.deleteMarker) {
            sampleVersion = v;
        }
    }

    private boolean sampleHasMetadata() {
        if (sampleVersion == null) {
            return false;
        }
        heads.incrementAndGet();
        return VersionMetadata.of(reader.s3().headObject(b -> b.bucket(reader.bucket()).key(sampleVersion.key)
                .versionId(sampleVersion.versionId)).metadata()) != null;
    }

    /** The names one item can have: MD5, and plain text when the key schema is known. */
    private Set<String> namesOf(ItemKey key) {
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
        if (folders.isEmpty()) {
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
        int digits = reader.partitionDigits();
        int count = 1 << (4 * digits);
        for (int i = 0; i < count; i++) {
            if (i % scope.segmentCount() != scope.segmentIndex()) {
                continue;
            }
            StringBuilder hex = new StringBuilder(digits);
            for (int d = digits - 1; d >= 0; d--) {
                hex.append(HEX.charAt((i >> (4 * d)) & 15));
            }
            String id = hex.toString();
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

    /** The partition an item name belongs to, or null when it is out of scope. */
    private String partitionOf(String itemName) {
        if (itemNames != null) {
            return itemNames.contains(itemName) ? Partition.ALL : null;
        }
        if (!hexNames) {
            return inSegment(itemName) ? Partition.ALL : null;
        }
        String id = itemName.substring(0, Math.min(itemName.length(), reader.partitionDigits()));
        return partitionIds.contains(id) ? id : null;
    }

    private boolean inSegment(String itemName) {
        return scope.segmentCount() == 1 || Math.floorMod(itemName.hashCode(), scope.segmentCount()) == scope.segmentIndex();
    }

    // ---- change logs ----------------------------------------------------------------------

    /**
     * Reads the table's change logs into the spool, keeping lines in scope: all of them, or those
     * in the hour folders after {@code startAfter} (a prefix listing: S3 lists keys in order).
     */
    private boolean spoolChangeLogs(ChangeLogSpool target, String startAfter) {
        String logRoot = reader.layout().changeLogRoot(reader.table());
        List<Future<?>> reads = new ArrayList<>();
        for (S3Object o : reader.s3().listObjectsV2Paginator(b -> b.bucket(reader.bucket()).prefix(logRoot)
                .startAfter(startAfter)).contents()) {
            changeLogObjects.incrementAndGet();
            lastChangeLog = o.key();
            if (o.lastModified() != null && (oldestChangeLog == null || o.lastModified().isBefore(oldestChangeLog))) {
                oldestChangeLog = o.lastModified();
            }
            reads.add(pool.submit(() -> spoolOne(target, o.key())));
        }
        Tasks.awaitAll(reads);
        target.seal();
        return !reads.isEmpty();
    }

    private void spoolOne(ChangeLogSpool target, String key) {
        try (ResponseInputStream<GetObjectResponse> in = reader.s3().getObject(b -> b.bucket(reader.bucket()).key(key));
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                ChangeLogEntry e;
                try {
                    e = ChangeLogEntry.parse(line);
                    if (!e.objectKey().startsWith(root)) {
                        if (e.table().equals(reader.table())) {
                            throw new IllegalArgumentException("objectKey " + e.objectKey() + " is not under " + root);
                        }
                        continue; // another table's line (batches of two tables once shared one change log)
                    }
                    if (!ImageCheck.isNameOf(itemName(e.objectKey()), e.keys())) {
                        throw new IllegalArgumentException("keys " + e.keys() + " are not those of the object it names, "
                                + e.objectKey());
                    }
                } catch (IllegalArgumentException bad) {
                    problems.add(BackupProblem.changeLogLine(reader.bucket(), key, number, "not a change-log line: "
                            + bad.getMessage()));
                    continue;
                }
                if (!e.objectKey().startsWith(root)
                        || (encodedTenant != null && !encodedTenant.equals(e.tenant()))
                        || (scope.key() != null && !scope.key().equals(e.keys()))) {
                    continue;
                }
                String partition = partitionOf(itemName(e.objectKey()));
                if (partition != null) {
                    target.add(partition, line);
                }
            }
        } catch (NoSuchKeyException e) {
            // Listed, then gone (deleted in between; S3Mock also lists a key whose latest version is
            // a delete marker): it holds nothing to read.
        } catch (IOException e) {
            throw new UncheckedIOException("Reading change log " + key, e);
        }
    }

    // ---- listing --------------------------------------------------------------------------

    private Map<String, List<ListedVersion>> listPartition(Partition partition) {
        Map<String, List<ListedVersion>> byItem = new ConcurrentHashMap<>();
        List<Future<?>> listings = new ArrayList<>();
        for (String prefix : partition.listingPrefixes()) {
            listings.add(pool.submit(() -> VersionPages.forEachEntry(countingLister(), reader.bucket(), prefix, v -> {
                String name = itemNameIfItem(v.key);
                if (name != null && (itemNames == null || itemNames.contains(name))
                        && (itemNames != null || hexNames || inSegment(name))) {
                    versionsListed.incrementAndGet();
                    byItem.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>())).add(v);
                }
            })));
        }
        Tasks.awaitAll(listings);
        return byItem;
    }

    /** The item name of an object key, or null when the key is a layout file or in no folder read. */
    private String itemNameIfItem(String key) {
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

    private static String itemName(String objectKey) {
        return objectKey.substring(objectKey.lastIndexOf('/') + 1);
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
                    heads.incrementAndGet();
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

    private VersionLister countingLister() {
        VersionLister lister = reader.lister();
        return request -> {
            listRequests.incrementAndGet();
            return lister.list(request);
        };
    }
}
