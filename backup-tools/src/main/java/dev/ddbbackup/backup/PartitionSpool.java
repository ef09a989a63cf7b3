package dev.ddbbackup.backup;

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
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Text lines sorted into one local file per partition, so that data arriving in another order
 * (change logs by time, a table scan by segment) can later be processed one partition at a time
 * with only that partition in memory. Lines must not contain a newline. Thread-safe writing;
 * read after {@link #seal}. {@link #close} deletes the files.
 */
public final class PartitionSpool implements AutoCloseable {

    private final Path dir;
    private final Map<String, BufferedWriter> writers = new HashMap<>();
    private long lines;

    public PartitionSpool(String name) {
        try {
            this.dir = Files.createTempDirectory("ddb-backup-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void add(String partitionId, String line) {
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

    /** Ends writing; call once everything is in. */
    public synchronized void seal() {
        try {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized long lines() {
        return lines;
    }

    /** The partitions that received lines. */
    public synchronized Set<String> partitionIds() {
        return new TreeSet<>(writers.keySet());
    }

    /** Hands every line of one partition to {@code sink}, in the order written. */
    public void forEachLine(String partitionId, Consumer<String> sink) {
        Path f = file(partitionId);
        if (!Files.exists(f)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String partitionId) {
        return dir.resolve(Partition.ALL.equals(partitionId) ? "all.txt" : partitionId + ".txt");
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
