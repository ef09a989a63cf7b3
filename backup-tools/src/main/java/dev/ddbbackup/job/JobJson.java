package dev.ddbbackup.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.PartitionWidth;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A {@link Job} as JSON and back: how the command line hands the job to Step Functions and every
 * worker reads it. Internal between our own command line and our own workers; the state machines
 * pass it on untouched. A missing or malformed field is an IllegalArgumentException naming it.
 */
public final class JobJson {

    private JobJson() {
    }

    public static ObjectNode toJson(Job job) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("job", job.kind().wireName());
        BackupRead b = job.backup();
        n.put("bucket", b.location().bucket());
        n.put("prefix", b.location().prefix());
        n.put("table", b.location().table());
        n.put("partitions", b.width().count());
        n.put("timeSource", b.timeSource().cliName());
        n.put("useCheckpoints", b.useCheckpoints());
        n.put("concurrency", b.concurrency());
        n.put("time", job.time() == null ? null : job.time().toString());
        n.put("tenant", job.tenant());
        n.put("key", keyJson(job.key()));
        if (job instanceof WindowJob w) {
            n.put("from", w.from().toString());
        }
        if (job instanceof RestoreJobSpec r) {
            n.put("targetTable", r.targetTable()).put("dryRun", r.dryRun()).put("createTable", r.createTable())
                    .put("targetIsNew", r.targetIsNew()).put("allowDeleteAll", r.allowDeleteAll())
                    .put("allowMissingVersions", r.allowMissingVersions()).put("skipBadObjects", r.skipBadObjects())
                    .put("maxWcu", r.maxWcu());
        } else if (job instanceof RevertJobSpec r) {
            n.put("targetTable", r.targetTable())
                    .put("dryRun", r.dryRun()).put("overwriteLaterChanges", r.overwriteLaterChanges())
                    .put("maxWcu", r.maxWcu()).put("writeConcurrency", r.writeConcurrency());
        } else if (job instanceof SnapshotJobSpec s) {
            n.put("out", s.out()).put("maxFileBytes", s.maxFileBytes())
                    .put("skipBadObjects", s.skipBadObjects()).put("allowMissingVersions", s.allowMissingVersions());
        } else if (job instanceof VerifyJobSpec v) {
            n.put("tenantColumn", v.tenantColumn()).put("scanSegments", v.scanSegments()).put("maxRcu", v.maxRcu());
        }
        return n;
    }

    public static Job fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("The job must be a JSON object");
        }
        JobKind kind = JobKind.parse(text(n, "job", true));
        BackupRead backup;
        try {
            backup = new BackupRead(new BackupLocation(text(n, "bucket", true), text(n, "prefix", false),
                    text(n, "table", true)), PartitionWidth.ofCount(n.path("partitions").asInt(16)),
                    TimeSource.parse(n.hasNonNull("timeSource") ? n.get("timeSource").asText() : "auto"),
                    n.path("useCheckpoints").asBoolean(true), n.path("concurrency").asInt(64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The job's backup: " + e.getMessage(), e);
        }
        String tenant = text(n, "tenant", false);
        return switch (kind) {
            case RESTORE -> new RestoreJobSpec(backup, time(n, "time", true), tenant, key(n),
                    text(n, "targetTable", true), n.path("dryRun").asBoolean(false),
                    n.path("createTable").asBoolean(false), n.path("targetIsNew").asBoolean(false),
                    n.path("allowDeleteAll").asBoolean(false), n.path("allowMissingVersions").asBoolean(false),
                    n.path("skipBadObjects").asBoolean(false), n.path("maxWcu").asDouble(0));
            case REVERT -> new RevertJobSpec(backup, time(n, "from", true), time(n, "time", true), tenant, key(n),
                    text(n, "targetTable", true), n.path("dryRun").asBoolean(false),
                    n.path("overwriteLaterChanges").asBoolean(false), n.path("maxWcu").asDouble(0),
                    n.path("writeConcurrency").asInt(8));
            case CHANGES -> new ChangesJobSpec(backup, time(n, "from", true), time(n, "time", true), tenant, key(n));
            case SNAPSHOT -> new SnapshotJobSpec(backup, time(n, "time", true), tenant, text(n, "out", true),
                    n.path("maxFileBytes").asLong(SnapshotJobSpec.DEFAULT_MAX_FILE_BYTES),
                    n.path("skipBadObjects").asBoolean(false), n.path("allowMissingVersions").asBoolean(false));
            case VERIFY -> new VerifyJobSpec(backup, time(n, "time", false), tenant, text(n, "tenantColumn", false),
                    n.path("scanSegments").asInt(1), n.path("maxRcu").asDouble(0));
        };
    }

    /** An item key given as DynamoDB JSON, e.g. {@code {"id":{"S":"a"},"range":{"N":"1"}}}. */
    public static ItemKey parseKey(String json) {
        return DynamoJson.sdkKey(DynamoJson.parseSdkItem(json));
    }

    private static String keyJson(ItemKey key) {
        return key == null ? null : DynamoJson.sdkItemToJson(DynamoJson.sdkKeyMap(key));
    }

    private static ItemKey key(JsonNode n) {
        String key = text(n, "key", false);
        return key == null ? null : parseKey(key);
    }

    private static Instant time(JsonNode n, String field, boolean required) {
        String text = text(n, field, required);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The job's '" + field + "' is no ISO-8601 instant: " + text);
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("The job has no '" + field + "'");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("The job's '" + field + "' must be a string");
        }
        return v.asText();
    }
}
