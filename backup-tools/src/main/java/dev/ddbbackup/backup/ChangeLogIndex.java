package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.Lateness;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.LogSegment;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.ZipException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A table's change lines in scope, sorted into one local file per partition, so that a partition's
 * lines can be joined to its object versions (or checkpoint entries) without holding the whole
 * table's history in memory. Both stores of lines are read, so a backup that switched mode is one
 * history: the change logs under {@code _changes/} (objects mode, lines naming versions) and the
 * log segments under {@code _log/} (log mode, gzip, PUT lines carrying their image). They are read
 * once (they are ordered by time, not by item); each partition file is read back when its
 * partition is processed. Lines that cannot be read are left out and become {@link BackupProblem}s.
 */
final class ChangeLogIndex implements AutoCloseable {

    private final BackupReader reader;
    private final BackupCatalog catalog;
    private final ReadCounters counters;
    private final List<BackupProblem> problems;
    private final PartitionSpool spool = new PartitionSpool("changes");
    private boolean any;
    /** LastModified of the oldest change log, or null: when the function began writing this table. */
    private volatile Instant oldestChangeLog;
    /** The greatest change-log key read (S3 lists in key order: the hour folders' order), or null. */
    private volatile String lastChangeLog;

    private ChangeLogIndex(BackupReader reader, BackupCatalog catalog, ReadCounters counters,
            List<BackupProblem> problems) {
        this.reader = reader;
        this.catalog = catalog;
        this.counters = counters;
        this.problems = problems;
    }

    /**
     * Reads the table's change logs and log segments into the index, keeping lines in scope, from
     * the hour folders {@code hours} names (start-after listings: S3 lists keys in order).
     */
    static ChangeLogIndex read(BackupReader reader, BackupCatalog catalog, LineHours hours, ExecutorService pool,
            ReadCounters counters, List<BackupProblem> problems) {
        ChangeLogIndex index = new ChangeLogIndex(reader, catalog, counters, problems);
        try {
            index.spoolAll(hours, pool);
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    /** Whether any change log was found. */
    boolean any() {
        return any;
    }

    long lines() {
        return spool.lines();
    }

    /** The last change-log object read (S3 lists them in key order), or null when none was. */
    String lastChangeLog() {
        return lastChangeLog;
    }

    /** From when on the function may have written the table's objects, or null when unknown. */
    Instant functionSince() {
        return Lateness.functionSince(oldestChangeLog);
    }

    /** The lines of one partition. */
    List<ChangeLogEntry> read(String partitionId) {
        List<ChangeLogEntry> out = new ArrayList<>();
        spool.forEachLine(partitionId, line -> out.add(ChangeLogEntry.parse(line)));
        return out;
    }

    @Override
    public void close() {
        spool.close();
    }

    private void spoolAll(LineHours hours, ExecutorService pool) {
        String table = reader.table;
        List<Future<?>> reads = new ArrayList<>();
        String changeLogRoot = reader.layout.changeLogRoot(table);
        for (S3Object o : reader.s3.listObjectsV2Paginator(b -> b.bucket(reader.bucket).prefix(changeLogRoot)
                .startAfter(hours.changeLogsFrom() == null ? null : reader.layout.changeLogHour(table, hours.changeLogsFrom())))
                .contents()) {
            counters.changeLogObjects.incrementAndGet();
            lastChangeLog = o.key();
            noteOldest(o);
            reads.add(pool.submit(() -> spoolOne(o.key(), false)));
        }
        // Hour folders are named yyyy/MM/dd/HH and segment names start with a digit: '~' sorts after them all.
        String pastLast = hours.segmentsUntil() == null ? null : reader.layout.logHour(table, hours.segmentsUntil()) + "/~";
        String logRoot = reader.layout.logRoot(table);
        for (S3Object o : reader.s3.listObjectsV2Paginator(b -> b.bucket(reader.bucket).prefix(logRoot)
                .startAfter(hours.segmentsFrom() == null ? null : reader.layout.logHour(table, hours.segmentsFrom()))).contents()) {
            if (pastLast != null && o.key().compareTo(pastLast) > 0) {
                break;
            }
            counters.logSegments.incrementAndGet();
            counters.logSegmentBytes.addAndGet(o.size() == null ? 0 : o.size());
            noteOldest(o);
            reads.add(pool.submit(() -> spoolOne(o.key(), true)));
        }
        Tasks.awaitAll(reads);
        spool.seal();
        any = !reads.isEmpty();
    }

    private synchronized void noteOldest(S3Object o) {
        if (o.lastModified() != null && (oldestChangeLog == null || o.lastModified().isBefore(oldestChangeLog))) {
            oldestChangeLog = o.lastModified();
        }
    }

    /** Spools one change log, or one log segment (gzip JSON lines of the same form, PUTs with their image). */
    private void spoolOne(String key, boolean segment) {
        String root = catalog.root();
        BackupScope scope = catalog.scope();
        try (ResponseInputStream<GetObjectResponse> in = reader.s3.getObject(b -> b.bucket(reader.bucket).key(key))) {
            LogSegment.forEachLine(in, segment, (number, line) -> {
                ChangeLogEntry e;
                try {
                    e = ChangeLogEntry.parse(line);
                    if (!e.objectKey().startsWith(root)) {
                        if (e.table().equals(reader.table)) {
                            throw new IllegalArgumentException("objectKey " + e.objectKey() + " is not under " + root);
                        }
                        return; // another table's line (batches of two tables once shared one change log)
                    }
                    if (segment && e.action() == ChangeLogEntry.Action.PUT && e.imageJson() == null) {
                        throw new IllegalArgumentException("a log segment's PUT line carries no image");
                    }
                    if (!ImageCheck.isNameOf(BackupCatalog.itemName(e.objectKey()), e.keys())) {
                        throw new IllegalArgumentException("keys " + e.keys() + " are not those of the object it names, "
                                + e.objectKey());
                    }
                } catch (IllegalArgumentException bad) {
                    problems.add(BackupProblem.changeLogLine(reader.bucket, key, number, "not a change-log line: "
                            + bad.getMessage()));
                    return;
                }
                if ((catalog.encodedTenant() != null && !catalog.encodedTenant().equals(e.tenant()))
                        || (scope.key() != null && !scope.key().equals(e.keys()))) {
                    return;
                }
                String partition = catalog.partitionOf(BackupCatalog.itemName(e.objectKey()));
                if (partition != null) {
                    spool.add(partition, line);
                }
            });
        } catch (NoSuchKeyException e) {
            // Listed, then gone (deleted in between; S3Mock also lists a key whose latest version is
            // a delete marker): it holds nothing to read.
        } catch (ZipException | EOFException e) {
            problems.add(BackupProblem.changeLogLine(reader.bucket, key, 0, "not a gzip log segment: " + e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading change log " + key, e);
        }
    }
}
