package dev.ddbbackup.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.config.ConfigException;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.state.Progress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The scheduled checkpoint: an EventBridge schedule invokes it (default daily) and it writes a
 * checkpoint of the table at the event's {@code time} (the schedule's time, to the second), built
 * from the newest checkpoint before it plus the change logs since it.
 *
 * <p>Configuration: {@code BackupBucket}, {@code BackupPrefix}, {@code TableName},
 * {@code RetentionDays} (recorded in the manifest; 0 keeps history forever),
 * {@code CheckpointPartitions} (16, 256 or 4096; default 256). A checkpoint that exists at that
 * time already (a repeated delivery of the event) is success. A backup with problems fails the
 * invocation (the function's Errors alarm), naming them in the log; nothing is written then.
 */
public final class CheckpointHandler extends JobHandler {

    private final BackupLocation location;
    private final String table;
    private final Duration retention;
    private final PartitionWidth width;

    /** What the Lambda runtime calls: configuration from the environment. */
    public CheckpointHandler() {
        Map<String, String> env = System.getenv();
        String bucket = required(env, "BackupBucket");
        this.table = required(env, "TableName");
        this.location = new BackupLocation(bucket, env.getOrDefault("BackupPrefix", ""), table);
        int days = number(env, "RetentionDays", 0);
        if (days < 0) {
            throw new ConfigException("RetentionDays must be 0 (history kept forever) or more, was " + days);
        }
        this.retention = days == 0 ? null : Duration.ofDays(days);
        int partitions = number(env, "CheckpointPartitions", 256);
        try {
            this.width = PartitionWidth.ofCount(partitions);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CheckpointPartitions must be 16, 256 or 4096, was " + partitions);
        }
    }

    @Override
    JsonNode handle(JsonNode event, Context context) {
        Instant time = time(event);
        BackupReader reader = new BackupRead(location, width, TimeSource.AUTO, true, 64).reader(clients.s3());
        CheckpointReport report;
        if (reader.checkpoints().times().contains(time)) {
            log.info("checkpoint exists", "table", table, "time", time.toString());
            return MAPPER.createObjectNode().put("outcome", "EXISTS").put("table", table).put("time", time.toString());
        }
        try {
            report = new CheckpointJob(reader, clock).run(table, time, retention, 8, Progress.none());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        if (report.exitCode() != 0) {
            log.error("checkpoint not written", "table", table, "time", time.toString(), "outcome",
                    report.outcome.name(), "reason", report.message, "problems", String.join("; ", report.problems));
            throw new IllegalStateException("Checkpoint of " + table + " at " + time + " not written: " + report.message
                    + (report.problems.isEmpty() ? "" : " " + report.problems.get(0)
                            + (report.problems.size() > 1 ? " (and " + (report.problems.size() - 1) + " more)" : "")));
        }
        log.info("checkpoint written", "table", table, "time", time.toString(), "objects", report.manifest.entries(),
                "present", report.manifest.present(), "changeLogsRead", report.manifest.changeLogsRead(), "previous",
                report.previous == null ? null : report.previous.toString(), "seconds",
                report.duration.toMillis() / 1000.0);
        return report.toJson(MAPPER);
    }

    /** The scheduled event's {@code time} (EventBridge: the schedule's time), else now; whole seconds. */
    private Instant time(JsonNode event) {
        JsonNode time = event == null ? null : event.get("time");
        try {
            return (time == null || time.isNull() ? clock.instant() : Instant.parse(time.asText()))
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The event's time is not an ISO-8601 instant: " + time.asText());
        }
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new ConfigException(name + " is not set");
        }
        return v.strip();
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number, was '" + v + "'");
        }
    }
}
