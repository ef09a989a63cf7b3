package dev.ddbbackup.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.observability.JsonLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the poller stands in one stream: for each shard, the sequence number of the last record
 * the function reported done (the event source mapping's checkpoint). Kept in a file, when there
 * is one, so that a poller started again resumes after those records instead of writing the whole
 * stream again. The file is replaced atomically (a temporary file renamed over it) after every
 * batch, so a poller killed at any moment leaves either the old positions or the new ones: records
 * after a saved position may be written twice (as Lambda may), none is skipped.
 */
public final class StreamPositions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String streamArn;
    private final Path file;
    private final Map<String, String> acknowledged;

    private StreamPositions(String streamArn, Path file, Map<String, String> acknowledged) {
        this.streamArn = streamArn;
        this.file = file;
        this.acknowledged = acknowledged;
    }

    /** Positions kept in memory only: every shard starts where the poller's options say. */
    public static StreamPositions inMemory(String streamArn) {
        return new StreamPositions(streamArn, null, new LinkedHashMap<>());
    }

    /** Positions saved to {@code file}, starting with none (whatever the file holds is overwritten). */
    public static StreamPositions fresh(String streamArn, Path file) {
        return new StreamPositions(streamArn, file, new LinkedHashMap<>());
    }

    /**
     * The positions the file holds for this stream. A missing file, or one written for another
     * stream (the table was re-created, its stream is a new one), holds none.
     */
    public static StreamPositions load(String streamArn, Path file, JsonLog log) {
        Map<String, String> saved = new LinkedHashMap<>();
        if (Files.exists(file)) {
            JsonNode root;
            try {
                root = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the stream position file " + file, e);
            }
            if (streamArn.equals(root.path("streamArn").asText())) {
                root.path("shards").fields().forEachRemaining(f -> saved.put(f.getKey(), f.getValue().asText()));
            } else {
                log.warn("The position file is for another stream: reading every shard from TRIM_HORIZON",
                        "file", file.toString(), "savedStreamArn", root.path("streamArn").asText());
            }
        }
        return new StreamPositions(streamArn, file, saved);
    }

    public String streamArn() {
        return streamArn;
    }

    /** True when some shard has a saved position, i.e. the poller goes on from an earlier run. */
    public boolean resuming() {
        return !acknowledged.isEmpty();
    }

    /** The sequence number of the shard's last record done, or null if none is known. */
    public String after(String shardId) {
        return acknowledged.get(shardId);
    }

    /** Records that the function reported every record of the shard up to {@code sequenceNumber} done. */
    void acknowledge(String shardId, String sequenceNumber) {
        acknowledged.put(shardId, sequenceNumber);
        save();
    }

    /**
     * Forgets the positions of shards the stream no longer lists (trimmed after 24 hours), so the
     * file does not grow with every shard the stream ever had; returns the ids forgotten.
     */
    Collection<String> retainListed(Collection<String> listed) {
        Map<String, String> gone = new LinkedHashMap<>(acknowledged);
        gone.keySet().removeAll(listed);
        if (!gone.isEmpty()) {
            acknowledged.keySet().removeAll(gone.keySet());
            save();
        }
        return gone.keySet();
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode().put("streamArn", streamArn);
        ObjectNode shards = root.putObject("shards");
        acknowledged.forEach(shards::put);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the stream positions to " + file, e);
        }
    }
}
