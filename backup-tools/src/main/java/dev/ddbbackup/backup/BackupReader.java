package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.Checkpoints;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.layout.VersionMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads one table's backup: for each item, the timeline of its changes ({@link ItemTimeline}).
 *
 * <pre>{@code
 * BackupReader reader = BackupRead.of(new BackupLocation("my-bucket", "backups", "Orders")).reader(s3);
 * try (BackupView view = reader.open(BackupScope.tenant("acme"))) {
 *     for (Partition p : view.partitions()) {          // may be read concurrently
 *         for (ItemTimeline item : view.read(p)) {
 *             Optional<Change> state = item.latestAt(time);
 *             byte[] image = view.image(state.get());   // DynamoDB JSON of a PUT
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe; each {@link #open} makes an independent {@link BackupView}. Made by
 * {@code BackupRead.reader}: the settings of a read are that record's.
 */
public final class BackupReader {

    // The package's readers (catalog, sources, indexes) read these settings directly.
    final S3Client s3;
    final String bucket;
    final String table;
    final BackupLayout layout;
    /** The time source asked for: AUTO until a view resolves it. */
    final TimeSource requestedTimeSource;
    /** Concurrent S3 requests of one view. */
    final int concurrency;
    private final BackupLocation location;
    private final PartitionWidth partitionWidth;
    private final boolean useCheckpoints;
    private final Checkpoints checkpoints;
    /** Whether {@link #requireBackup()} found the backup: checked once per reader. */
    private volatile boolean present;

    /**
     * @param width how finely MD5-named items are split into partitions: 16, 256 (smaller partitions:
     *     less memory, more and finer listings, up to 256 segments) or 4096 (partitions small enough
     *     for one Lambda invocation each on tables of a billion items)
     * @param useCheckpoints whether {@link #openAt} starts from the newest checkpoint
     * @param concurrency concurrent S3 requests (listings, HEADs, change-log and image GETs)
     */
    public BackupReader(S3Client s3, BackupLocation location, PartitionWidth width, TimeSource timeSource,
            boolean useCheckpoints, int concurrency) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = location;
        this.bucket = location.bucket();
        this.table = location.table();
        this.layout = location.layout();
        this.requestedTimeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.partitionWidth = Objects.requireNonNull(width, "width");
        this.useCheckpoints = useCheckpoints;
        this.concurrency = concurrency;
        this.checkpoints = new Checkpoints(s3, bucket, layout, table);
    }

    /**
     * Discovers the table's folders and partitions, resolves the time source and (in change-log
     * mode) reads the change logs in scope. Close the view to delete its local spool.
     */
    public BackupView open(BackupScope scope) {
        return BackupView.open(this, scope, null);
    }

    /**
     * As {@link #open(BackupScope)} for the changes in [{@code from}, {@code to}] (either null:
     * unbounded): log segments are read only from the hour folders that can hold them, so a
     * window's cost in log mode is its hours', not the whole history's. Timelines hold every change
     * read; those outside the window may be incomplete.
     */
    public BackupView openWindow(BackupScope scope, Instant from, Instant to) {
        return BackupView.open(this, scope, null, LineHours.segmentsOf(from, to));
    }

    /**
     * Opens the backup to read the items' state at {@code time} (inclusive; {@link Instant#MAX}
     * for the latest): from the newest checkpoint at or before it plus the change logs since it,
     * without listing a version, when there is one (and checkpoints are used, and the time source
     * is not LastModified); else the whole history, as {@link #open(BackupScope)}. The view's
     * timelines are exact at {@code time} and after it; before the checkpoint they hold only its
     * entries. {@link BackupView#checkpoint()} says which.
     */
    public BackupView openAt(BackupScope scope, Instant time) {
        requireBackup();
        return BackupView.open(this, scope, checkpointAtOrBefore(time).orElse(null));
    }

    /**
     * The newest checkpoint at or before {@code time} a read may start from, or empty (none, or
     * checkpoints not used, or the time source is LastModified).
     */
    Optional<CheckpointManifest> checkpointAtOrBefore(Instant time) {
        return useCheckpoints && requestedTimeSource != TimeSource.LAST_MODIFIED ? checkpoints.newestAtOrBefore(time)
                : Optional.empty();
    }

    /** The table's checkpoints. */
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /**
     * The earliest time a restore can still be exact when the backup's history is expired by a
     * retention rule (see {@link Checkpoints#earliestRestorable}), or empty when it is all kept.
     */
    public Optional<Instant> earliestRestorable() {
        requireBackup();
        // Also without using checkpoints to read: the expired history is gone from the full path too.
        return checkpoints.earliestRestorable(Clock.systemUTC());
    }

    /**
     * The stored table description ({@code _table.json}), if the backup has one.
     *
     * @throws BackupDataException when it is there but is not a table description
     */
    public Optional<TableDescriptionJson.Stored> tableDescription() {
        requireBackup();
        String key = layout.tableDescriptionKey(table);
        byte[] json;
        try {
            json = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(TableDescriptionJson.read(json));
        } catch (IllegalArgumentException e) {
            throw new BackupDataException(BackupProblem.version(BackupProblem.Kind.BAD_TABLE_DESCRIPTION, bucket, key, null,
                    e.getMessage()));
        }
    }

    /**
     * Refuses ({@link NoBackupException}) a location that holds nothing under the table's folder,
     * or a missing bucket, before anything is read, written or created: a restore from nothing
     * would otherwise report success with 0 items. One LIST of a single version, once per reader;
     * every opening of the backup and the read of {@code _table.json} pass here. Anything under the
     * folder ({@code _table.json}, {@code _changes/}, {@code _log/}, {@code _checkpoints/},
     * {@code _quarantine/}, a delete marker) is a backup: one whose items are all deleted, or read
     * at a time before its first change, is a real empty state and not refused.
     */
    public void requireBackup() {
        if (present) {
            return;
        }
        try {
            ListObjectVersionsResponse r = s3.listObjectVersions(b -> b.bucket(bucket).prefix(location.tableRoot())
                    .maxKeys(1));
            if (r.versions().isEmpty() && r.deleteMarkers().isEmpty()) {
                throw NoBackupException.nothingAt(s3, location);
            }
            if (!r.versions().isEmpty() && "null".equals(r.versions().get(0).versionId()) && firstLogSegment().isEmpty()) {
                // Written without versioning (or before it was enabled): asked only then, one request.
                // A log-mode backup keeps its history in segments, not versions: it needs none.
                UnversionedBucketException.requireHistory(s3, bucket);
            }
        } catch (RuntimeException e) {
            throw NoBackupException.translate(e, location);
        }
        present = true;
    }

    /** The key of the table's first log segment (StorageMode log), or empty when it has none: one LIST of a single key. */
    public Optional<String> firstLogSegment() {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(layout.logRoot(table)).maxKeys(1)).contents().stream()
                .findFirst().map(S3Object::key);
    }

    /** Where the backup lives. */
    public BackupLocation location() {
        return location;
    }

    /** How finely MD5-named items are split into partitions. */
    public PartitionWidth partitionWidth() {
        return partitionWidth;
    }

    /** {@code v}'s backup metadata by a HEAD (counted in {@code counters}); null when it carries none. */
    VersionMetadata metadata(ListedVersion v, ReadCounters counters) {
        counters.heads.incrementAndGet();
        return VersionMetadata.of(s3.headObject(b -> b.bucket(bucket).key(v.key).versionId(v.versionId)).metadata());
    }
}
