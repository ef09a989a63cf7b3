package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.layout.TableDescriptionJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An opened backup of one table in one {@link BackupScope}: its {@link BackupCatalog} (folders,
 * naming, partitions), the {@link TimelineSource} its timelines come from (the full history, or a
 * checkpoint and the change logs since), and the {@link ImageReader} behind {@link #checkedImage}.
 * Partitions may be read from several threads at once; each {@link #read} reads only that
 * partition, so memory holds one partition.
 */
public final class BackupView implements AutoCloseable {

    /** The reader, pool, counters, problems and change lines (none when LastModified was asked for). */
    private final ReadContext context;
    private final BackupCatalog catalog;
    private final TimelineSource source;
    private final ImageReader images;
    private volatile Optional<KeySchema> backupKeySchema;

    BackupView(ReadContext context, BackupCatalog catalog, TimelineSource source) {
        this.context = context;
        this.catalog = catalog;
        this.source = source;
        this.images = new ImageReader(context.reader, source, context.counters, () -> backupKeySchema().orElse(null));
    }

    /**
     * Opens the backup: from {@code checkpoint} and the change logs since it (no listing: the
     * folders and naming are the checkpoint's), or when it is null from the whole history (the
     * folders discovered, and in change-log mode every change log read).
     */
    static BackupView open(BackupReader reader, BackupScope scope, CheckpointManifest checkpoint) {
        return open(reader, scope, checkpoint, LineHours.all());
    }

    /**
     * Opens the whole history as {@link #open(BackupReader, BackupScope, CheckpointManifest)} does
     * without a checkpoint, reading only the lines {@code hours} names besides the checkpoint's.
     */
    static BackupView open(BackupReader reader, BackupScope scope, CheckpointManifest checkpoint, LineHours hours) {
        return ReadContext.open(reader, "backup-reader", context -> {
            if (checkpoint != null) {
                CheckpointSource source = CheckpointSource.open(scope, checkpoint, context);
                return new BackupView(context, source.catalog(), source);
            }
            BackupCatalog catalog = BackupCatalog.discover(reader, scope, context.counters);
            TimeSource resolved = reader.requestedTimeSource;
            ChangeLogIndex changeLogs = null;
            if (resolved != TimeSource.LAST_MODIFIED) {
                changeLogs = context.readLines(catalog, hours);
                if (resolved == TimeSource.AUTO) {
                    ListedVersion sample = catalog.sampleVersion();
                    resolved = changeLogs.any() || (sample != null && reader.metadata(sample, context.counters) != null)
                            ? TimeSource.CHANGE_LOG : TimeSource.LAST_MODIFIED;
                }
            }
            return new BackupView(context, catalog, new FullHistorySource(reader, catalog,
                    resolved == TimeSource.CHANGE_LOG ? changeLogs : null, context.pool, context.counters));
        });
    }

    /** CHANGE_LOG or LAST_MODIFIED: what {@link TimeSource#AUTO} resolved to. */
    public TimeSource timeSource() {
        return source.timeSource();
    }

    public BackupScope scope() {
        return catalog.scope();
    }

    /** The partitions in scope (those of this segment), in key order. */
    public List<Partition> partitions() {
        return catalog.partitions();
    }

    /** The folders read: the table root, or the tenant folders (each ending in '/'). */
    public List<String> folders() {
        return catalog.folders();
    }

    /** Whether the item names are MD5 hex (the default strategy). */
    public boolean md5Names() {
        return catalog.md5Names();
    }

    /** Where the timelines come from. */
    public TimelineSource source() {
        return source;
    }

    /** The items of one partition, sorted by item name, each with its whole timeline. */
    public List<ItemTimeline> read(Partition partition) {
        return source.read(partition);
    }

    /**
     * The checkpoint this view starts from (then no version is listed: the items are the
     * checkpoint's entries plus the change-log lines ordered after them), or empty when it reads
     * the whole history (no checkpoint at or before the time asked for, or checkpoints not used).
     */
    public Optional<CheckpointManifest> checkpoint() {
        return checkpointSource().map(CheckpointSource::checkpoint);
    }

    /** With a checkpoint: the hour from which change logs are read (min(T0, B) less the lateness bound). */
    public Optional<Instant> changeLogsFrom() {
        return checkpointSource().map(CheckpointSource::changeLogsFrom);
    }

    /** The last change-log object read (S3 lists them in key order), or null when none was. */
    public String lastChangeLog() {
        return context.changeLogs() == null ? null : context.changeLogs().lastChangeLog();
    }

    /** A line for people saying where the view's items come from. */
    public String describeSource() {
        return source.describe();
    }

    /**
     * The DynamoDB JSON image a PUT change points at (GET by version id), unchecked: for people
     * (history). Tools that write or compare items use {@link #checkedImage}.
     *
     * @throws BackupDataException when the version is not in the bucket
     */
    public byte[] image(Change change) {
        return images.image(change);
    }

    /**
     * The image of a PUT change, read and checked ({@link ImageReader#checkedImage}).
     *
     * @param fallback the key schema to check by when the backup has no {@code _table.json} (the
     *     restore target's, the live table's), or null
     */
    public CheckedImage checkedImage(ItemTimeline item, Change put, KeySchema fallback) {
        return images.checkedImage(item, put, fallback);
    }

    /**
     * The stored table description, if any (same as {@link BackupReader#tableDescription()}).
     *
     * @throws BackupDataException when {@code _table.json} is there but is not a table description
     */
    public Optional<TableDescriptionJson.Stored> tableDescription() {
        return context.reader.tableDescription();
    }

    /** The key schema of {@code _table.json}, if it is there and readable (a bad one is a {@link #problems()} entry). */
    public Optional<KeySchema> backupKeySchema() {
        Optional<KeySchema> schema = backupKeySchema;
        if (schema == null) {
            synchronized (this) {
                if (backupKeySchema == null) {
                    try {
                        backupKeySchema = context.reader.tableDescription().map(KeySchema::of);
                    } catch (BackupDataException e) {
                        context.problems.addAll(e.problems());
                        backupKeySchema = Optional.empty();
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
        synchronized (context.problems) {
            return List.copyOf(context.problems);
        }
    }

    /** Counters for reports: S3 requests made and entries seen so far. */
    public ReaderStats stats() {
        ChangeLogIndex changeLogs = context.changeLogs();
        return context.counters.snapshot(changeLogs == null ? 0 : changeLogs.lines(), checkpointSource().isPresent());
    }

    /** The checkpoint source the timelines start from, also under a window's, or empty. */
    private Optional<CheckpointSource> checkpointSource() {
        return source instanceof CheckpointSource c ? Optional.of(c)
                : source instanceof ChangeWindowSource w ? w.checkpoint() : Optional.empty();
    }

    @Override
    public void close() {
        context.close();
    }
}
