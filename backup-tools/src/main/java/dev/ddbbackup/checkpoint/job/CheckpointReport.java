package dev.ddbbackup.checkpoint.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.ReaderStats;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a {@code checkpoint} run did: the checkpoint written (or why not), and what it read. */
public final class CheckpointReport {

    /** How the run ended. */
    public enum Outcome {
        /** The checkpoint was written (manifest last). */
        WRITTEN,
        /** Nothing written: the backup had problems (named in {@link #problems}); exit 1. */
        STOPPED,
        /** Nothing written: refused (one exists at that time, or the backup has no change logs); exit 2. */
        REFUSED
    }

    public String table;
    public Instant time;
    public Outcome outcome;
    public String message;
    /** T0 of the checkpoint it was built from, or null for the whole history. */
    public Instant previous;
    public String source;
    public CheckpointManifest manifest;
    public final List<String> problems = new ArrayList<>();
    /** What reading the backup cost; null when the job ended before it read. */
    public ReaderStats readerStats;
    public Duration duration = Duration.ZERO;

    public int exitCode() {
        return outcome == Outcome.WRITTEN ? 0 : outcome == Outcome.REFUSED ? 2 : 1;
    }

    public String toHuman() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Checkpoint of %s at %s: %s%n", table, time, outcome == Outcome.WRITTEN ? "written" : outcome));
        if (message != null) {
            s.append("  ").append(message).append('\n');
        }
        if (source != null) {
            s.append("  read from ").append(source).append('\n');
        }
        if (manifest != null) {
            s.append(String.format("  objects   %d (%d present, %d absent) in %d files%n", manifest.entries(), manifest.present(),
                    manifest.absent(), manifest.files().size()));
            s.append(String.format("  change logs read %d%s%n", manifest.changeLogsRead(),
                    manifest.lastChangeLog() == null ? "" : ", the last " + manifest.lastChangeLog()));
            s.append(String.format("  retention %s%n", manifest.retention() == null ? "none recorded (history kept)" : manifest.retention()));
        }
        problems.stream().limit(20).forEach(p -> s.append("  PROBLEM ").append(p).append('\n'));
        if (problems.size() > 20) {
            s.append("  ... ").append(problems.size() - 20).append(" more (--json lists them all)\n");
        }
        s.append(String.format("  duration  %.1f s%n", duration.toMillis() / 1000.0));
        return s.toString();
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("table", table);
        n.put("time", time == null ? null : time.toString());
        n.put("outcome", outcome == null ? null : outcome.name());
        n.put("message", message);
        n.put("previous", previous == null ? null : previous.toString());
        n.put("source", source);
        if (manifest != null) {
            try {
                n.set("manifest", mapper.readTree(manifest.toJson()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        ArrayNode p = n.putArray("problems");
        problems.forEach(p::add);
        ObjectNode stats = n.putObject("readerStats");
        if (readerStats != null) {
            readerStats.toMap().forEach(stats::put);
        }
        n.put("seconds", duration.toMillis() / 1000.0);
        n.put("exitCode", exitCode());
        return n;
    }
}
