package dev.ddbbackup.verify;

import dev.ddbbackup.backup.PartitionSpool;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The live table's items, reduced to (canonical key, content digest) and sorted into one local
 * file per backup partition, so each partition is compared with only its own share in memory.
 */
final class TableSpool implements AutoCloseable {

    private final PartitionSpool spool = new PartitionSpool("verify");

    void add(String partitionId, String canonicalKey, String digest) {
        // Canonical key JSON has no raw tab or newline (JSON escapes them).
        spool.add(partitionId, canonicalKey + '\t' + digest);
    }

    void seal() {
        spool.seal();
    }

    Set<String> partitionIds() {
        return spool.partitionIds();
    }

    /** canonical key → digest, for one partition. */
    Map<String, String> read(String partitionId) {
        Map<String, String> out = new HashMap<>();
        spool.forEachLine(partitionId, line -> {
            int tab = line.lastIndexOf('\t');
            out.put(line.substring(0, tab), line.substring(tab + 1));
        });
        return out;
    }

    @Override
    public void close() {
        spool.close();
    }
}
