package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ChangeLogEntry;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Change-log lines sorted into one local file per partition, so that a partition's lines can be
 * joined to its object versions without holding the whole table's history in memory. The change
 * logs are read once (they are ordered by time, not by item); each partition file is read back
 * when its partition is processed.
 */
final class ChangeLogSpool implements AutoCloseable {

    private final Path dir;
    private final Map<String, BufferedWriter> writers = new HashMap<>();
    private long lines;

    ChangeLogSpool() {
        try {
            this.dir = Files.createTempDirectory("ddb-backup-changes-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void add(String partitionId, String line) {
        try {
            BufferedWriter w = writers.get(partitionId);
            if (w == null) {
                w = Files.newBufferedWriter(file(partitionId), StandardCharsets.UTF_8);
                writers.put(partitionId, w);
            }
            w.write(line);
            w.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends writing; call once all change logs are in. */
    synchronized void seal() {
        try {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized long lines() {
        return lines;
    }

    /** The lines of one partition. */
    List<ChangeLogEntry> read(String partitionId) {
        Path f = file(partitionId);
        List<ChangeLogEntry> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(ChangeLogEntry.parse(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Path file(String partitionId) {
        return dir.resolve(Partition.ALL.equals(partitionId) ? "all.jsonl" : partitionId + ".jsonl");
    }

    @Override
    public void close() {
        seal();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
