package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ChangeLogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Change-log lines sorted into one local file per partition, so that a partition's lines can be
 * joined to its object versions without holding the whole table's history in memory. The change
 * logs are read once (they are ordered by time, not by item); each partition file is read back
 * when its partition is processed.
 */
final class ChangeLogSpool implements AutoCloseable {

    private final PartitionSpool spool = new PartitionSpool("changes");

    void add(String partitionId, String line) {
        spool.add(partitionId, line);
    }

    /** Ends writing; call once all change logs are in. */
    void seal() {
        spool.seal();
    }

    long lines() {
        return spool.lines();
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
}
