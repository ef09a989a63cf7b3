package dev.ddbbackup.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.ListedProblem;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The snapshot's manifest: what it holds, as of when, from where, and each file's size and SHA-256.
 *
 * @param leftOut items and change-log lines left out because they could not be read (allowed by the options)
 */
public record SnapshotManifest(String table, Instant time, String sourceBucket, String sourcePrefix, String tenant,
        String timeSource, List<SnapshotFile> files, Instant createdAt, List<BackupProblem> leftOut) {

    public SnapshotManifest {
        sourcePrefix = sourcePrefix == null ? "" : sourcePrefix;
        files = List.copyOf(files);
        leftOut = List.copyOf(leftOut);
    }

    public long itemCount() {
        return files.stream().mapToLong(SnapshotFile::items).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(SnapshotFile::bytes).sum();
    }

    public ObjectNode toJsonNode(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("format", "DYNAMODB_JSON");
        n.put("compression", "GZIP");
        n.put("table", table);
        n.put("time", time.toString());
        n.put("itemCount", itemCount());
        n.put("bytes", bytes());
        ObjectNode source = n.putObject("source");
        source.put("bucket", sourceBucket);
        source.put("prefix", sourcePrefix);
        source.put("tenant", tenant);
        source.put("timeSource", timeSource);
        n.put("createdAt", createdAt.toString());
        n.put("complete", leftOut.isEmpty());
        if (!leftOut.isEmpty()) {
            ListedProblem.addTo(n.putArray("leftOut"), ListedProblem.of(leftOut));
        }
        n.set("files", mapper.valueToTree(files));
        return n;
    }

    byte[] toJson() {
        ObjectMapper mapper = new ObjectMapper();
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJsonNode(mapper));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
