package dev.ddbbackup.verify;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The live table's items, reduced to (canonical key, content digest) and sorted into one local
 * file per backup partition, so each partition is compared with only its own share in memory.
 */
final class TableSpool implements AutoCloseable {

    private final Path dir;
    private final Map<String, BufferedWriter> writers = new HashMap<>();

    TableSpool() {
        try {
            this.dir = Files.createTempDirectory("ddb-backup-verify-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void add(String partitionId, String canonicalKey, String digest) {
        try {
            BufferedWriter w = writers.get(partitionId);
            if (w == null) {
                w = Files.newBufferedWriter(file(partitionId), StandardCharsets.UTF_8);
                writers.put(partitionId, w);
            }
            // Canonical key JSON has no raw tab or newline (JSON escapes them).
            w.write(canonicalKey);
            w.write('\t');
            w.write(digest);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void seal() {
        try {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized Set<String> partitionIds() {
        return new TreeSet<>(writers.keySet());
    }

    /** canonical key → digest, for one partition. */
    Map<String, String> read(String partitionId) {
        Map<String, String> out = new HashMap<>();
        Path f = file(partitionId);
        if (!Files.exists(f)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int tab = line.lastIndexOf('\t');
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Path file(String partitionId) {
        return dir.resolve("*".equals(partitionId) ? "all.tsv" : partitionId + ".tsv");
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
