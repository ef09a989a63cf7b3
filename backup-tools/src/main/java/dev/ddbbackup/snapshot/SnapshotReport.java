package dev.ddbbackup.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The outcome of a snapshot, for the human summary and {@code --json}.
 *
 * @param itemsRead items the backup has any history of (present at T or not)
 * @param loggedVersionsMissing changes the change log names whose object version is gone from the
 *     bucket (see BackupView)
 * @param checkpoint T0 of the checkpoint the snapshot started from, or null (the whole history was read)
 * @param readFrom where the items came from, for people
 */
public record SnapshotReport(SnapshotManifest manifest, String manifestLocation, String dataLocation, long itemsRead,
        long elapsedMillis, long loggedVersionsMissing, Instant checkpoint, String readFrom) {

    /** Whether the snapshot holds every item in scope (nothing was left out). */
    public boolean ok() {
        return manifest.leftOut().isEmpty();
    }

    public double itemsPerSecond() {
        return elapsedMillis == 0 ? 0 : manifest.itemCount() * 1000.0 / elapsedMillis;
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ok", ok());
        n.put("manifest", manifestLocation);
        n.put("data", dataLocation);
        n.put("itemsRead", itemsRead);
        n.put("elapsedMillis", elapsedMillis);
        n.put("loggedVersionsMissing", loggedVersionsMissing);
        n.put("checkpoint", checkpoint == null ? null : checkpoint.toString());
        n.put("fullScan", checkpoint == null);
        n.put("readFrom", readFrom);
        n.put("itemsPerSecond", Math.round(itemsPerSecond()));
        n.set("snapshot", manifest.toJsonNode(mapper));
        return n;
    }

    public String summary() {
        StringBuilder warning = new StringBuilder();
        if (!manifest.leftOut().isEmpty()) {
            warning.append(String.format("  WARNING: %d items or change-log lines left out (listed in the manifest):%n",
                    manifest.leftOut().size()));
            manifest.leftOut().stream().limit(20).forEach(p -> warning.append("    ").append(p.kind().cliName()).append("  ")
                    .append(p).append(System.lineSeparator()));
        }
        return String.format("Snapshot of %s at %s: %d items in %d files, %,d bytes (gzip), %.1f s, %.0f items/s%n"
                        + "  data: %s%n  manifest: %s%n  read from: %s%n",
                manifest.table(), manifest.time(), manifest.itemCount(), manifest.files().size(), manifest.bytes(),
                elapsedMillis / 1000.0, itemsPerSecond(), dataLocation, manifestLocation, readFrom) + warning;
    }
}
