package dev.ddbbackup.backup;

import dev.ddbbackup.checkpoint.Lateness;
import dev.ddbbackup.layout.ChangeLogEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A table's change-log lines in scope, sorted into one local file per partition, so that a
 * partition's lines can be joined to its object versions (or checkpoint entries) without holding
 * the whole table's history in memory. The change logs are read once (they are ordered by time,
 * not by item); each partition file is read back when its partition is processed. Lines that
 * cannot be read are left out and become {@link BackupProblem}s.
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
     * Reads the table's change logs into the index, keeping lines in scope: all of them, or those
     * in the hour folders after {@code startAfter} (a prefix listing: S3 lists keys in order).
     */
    static ChangeLogIndex read(BackupReader reader, BackupCatalog catalog, String startAfter, ExecutorService pool,
            ReadCounters counters, List<BackupProblem> problems) {
        ChangeLogIndex index = new ChangeLogIndex(reader, catalog, counters, problems);
        try {
            index.spoolAll(startAfter, pool);
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

    private void spoolAll(String startAfter, ExecutorService pool) {
        String logRoot = reader.layout().changeLogRoot(reader.table());
        List<Future<?>> reads = new ArrayList<>();
        for (S3Object o : reader.s3().listObjectsV2Paginator(b -> b.bucket(reader.bucket()).prefix(logRoot)
                .startAfter(startAfter)).contents()) {
            counters.changeLogObjects.incrementAndGet();
            lastChangeLog = o.key();
            if (o.lastModified() != null && (oldestChangeLog == null || o.lastModified().isBefore(oldestChangeLog))) {
                oldestChangeLog = o.lastModified();
            }
            reads.add(pool.submit(() -> spoolOne(o.key())));
        }
        Tasks.awaitAll(reads);
        spool.seal();
        any = !reads.isEmpty();
    }

    private void spoolOne(String key) {
        String root = catalog.root();
        BackupScope scope = catalog.scope();
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
                    if (!ImageCheck.isNameOf(BackupCatalog.itemName(e.objectKey()), e.keys())) {
                        throw new IllegalArgumentException("keys " + e.keys() + " are not those of the object it names, "
                                + e.objectKey());
                    }
                } catch (IllegalArgumentException bad) {
                    problems.add(BackupProblem.changeLogLine(reader.bucket(), key, number, "not a change-log line: "
                            + bad.getMessage()));
                    continue;
                }
                if ((catalog.encodedTenant() != null && !catalog.encodedTenant().equals(e.tenant()))
                        || (scope.key() != null && !scope.key().equals(e.keys()))) {
                    continue;
                }
                String partition = catalog.partitionOf(BackupCatalog.itemName(e.objectKey()));
                if (partition != null) {
                    spool.add(partition, line);
                }
            }
        } catch (NoSuchKeyException e) {
            // Listed, then gone (deleted in between; S3Mock also lists a key whose latest version is
            // a delete marker): it holds nothing to read.
        } catch (IOException e) {
            throw new UncheckedIOException("Reading change log " + key, e);
        }
    }
}
