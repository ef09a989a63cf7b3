package dev.ddbbackup.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint's {@code manifest.json}, written after every partition file: a checkpoint without
 * one does not exist for readers (a build that stopped half-way leaves only files nobody reads).
 *
 * <p>It says what the checkpoint covers: the table's objects at {@link #time} (T0), built from
 * the checkpoint at {@link #previous} (or from the whole history when null) plus the change logs
 * listed after {@link #changeLogsAfter}, the last of which was {@link #lastChangeLog}, starting at
 * wall time {@link #builtAt} (B). A change log written after the build listed them can still hold
 * changes at or before T0 (the stream lags up to 24 hours): readers therefore read from the hour
 * of min(T0, B) less {@link Lateness#CHANGE_LOG} and keep only what is ordered after each entry.
 *
 * @param time T0: every entry is its object's last change at or before this time
 * @param builtAt B: when the build began (before it listed the change logs)
 * @param previous T0 of the checkpoint this one was built from, or null when built from the whole history
 * @param md5Names whether item names are MD5 hex (then partitions are hex prefixes of {@code partitionDigits} digits)
 * @param folders the folders the objects are in: the table root, or its tenant folders (each ending in '/')
 * @param changeLogsAfter the change-log listing's start-after key (an hour folder), or null when all were read
 * @param lastChangeLog the greatest change-log key read, or null
 * @param retention the bucket's retention (the lifecycle's RetentionDays), or null when history is kept forever
 */
@SuppressWarnings("checkstyle:ParameterNumber")
public record CheckpointManifest(String table, Instant time, Instant builtAt, Instant finishedAt, Instant previous,
        boolean md5Names, int partitionDigits, List<String> folders, String changeLogsAfter, long changeLogsRead,
        String lastChangeLog, Duration retention, long present, long absent, List<PartFile> files) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One partition file: its partition id, key, entry count, size and SHA-256 (hex). */
    public record PartFile(String partition, String key, long entries, long bytes, String sha256) {

        public PartFile {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public CheckpointManifest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(builtAt, "builtAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        folders = List.copyOf(folders);
        files = List.copyOf(files);
    }

    public byte[] toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("table", table);
        n.put("time", time.toString());
        n.put("builtAt", builtAt.toString());
        n.put("finishedAt", finishedAt.toString());
        n.put("previous", previous == null ? null : previous.toString());
        n.put("md5Names", md5Names);
        n.put("partitionDigits", partitionDigits);
        ArrayNode f = n.putArray("folders");
        folders.forEach(f::add);
        ObjectNode logs = n.putObject("changeLogs");
        logs.put("after", changeLogsAfter);
        logs.put("read", changeLogsRead);
        logs.put("last", lastChangeLog);
        n.put("retention", retention == null ? null : retention.toString());
        ObjectNode counts = n.putObject("counts");
        counts.put("objects", present + absent);
        counts.put("present", present);
        counts.put("absent", absent);
        n.set("files", MAPPER.valueToTree(files));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws IllegalArgumentException when it is not a manifest of a format this version reads
     */
    public static CheckpointManifest parse(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (n.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("format " + n.path("format") + ", this version reads format " + FORMAT);
        }
        try {
            List<String> folders = new ArrayList<>();
            n.path("folders").forEach(f -> folders.add(f.asText()));
            List<PartFile> files = new ArrayList<>();
            for (JsonNode p : n.path("files")) {
                files.add(new PartFile(required(p, "partition"), required(p, "key"), p.path("entries").asLong(),
                        p.path("bytes").asLong(), required(p, "sha256")));
            }
            JsonNode logs = n.path("changeLogs");
            JsonNode counts = n.path("counts");
            return new CheckpointManifest(required(n, "table"), Instant.parse(required(n, "time")),
                    Instant.parse(required(n, "builtAt")), Instant.parse(required(n, "finishedAt")),
                    textOrNull(n, "previous") == null ? null : Instant.parse(textOrNull(n, "previous")),
                    n.path("md5Names").asBoolean(true), n.path("partitionDigits").asInt(1), folders,
                    textOrNull(logs, "after"), logs.path("read").asLong(), textOrNull(logs, "last"),
                    textOrNull(n, "retention") == null ? null : Duration.parse(textOrNull(n, "retention")),
                    counts.path("present").asLong(), counts.path("absent").asLong(), files);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a time or duration that does not parse: " + e.getParsedString(), e);
        }
    }

    private static String required(JsonNode n, String field) {
        String v = textOrNull(n, field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v;
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public long entries() {
        return present + absent;
    }
}
