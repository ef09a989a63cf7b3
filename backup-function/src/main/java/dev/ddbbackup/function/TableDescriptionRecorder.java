package dev.ddbbackup.function;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.TableDescriptionStore;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * Keeps {@code {prefix}/{table}/_table.json} up to date, so a restore can recreate the table after
 * it is gone: once per table per container, on the table's first batch (not at init, so a cold
 * start makes no DynamoDB call), it describes the table and its TTL, reads the stored description
 * and PUTs a new version only when the bytes differ or none is stored.
 *
 * <p>The description is a convenience for restores, the items are the backup: a failure here
 * (AccessDenied, a table already deleted, throttling) is logged as a WARN and tried again on a
 * later batch, at most once per {@link #RETRY_INTERVAL}, and never fails a record.
 */
final class TableDescriptionRecorder {

    static final Duration RETRY_INTERVAL = Duration.ofMinutes(5);

    /** Marks a table whose description is recorded: nothing more to do in this container. */
    private static final Instant DONE = Instant.MAX;

    private final KeySchemaResolver tables;
    private final TableDescriptionStore store;
    private final JsonLog log;
    private final Clock clock;
    /** Per table: when the next attempt may be made ({@link #DONE} once recorded). */
    private final Map<String, Instant> nextAttempt = new ConcurrentHashMap<>();

    TableDescriptionRecorder(KeySchemaResolver tables, S3Writer s3, BackupLayout layout, JsonLog log, Clock clock) {
        this.tables = tables;
        this.store = new TableDescriptionStore(layout, s3::readIfExists, s3::putJson);
        this.log = log;
        this.clock = clock;
    }

    /**
     * {@link #recordOnce} for each table on {@code executor}; completes when all are done, and never
     * exceptionally. Tables already recorded cost nothing: no task is submitted.
     */
    CompletableFuture<Void> recordOnceAsync(Collection<String> tables, Executor executor) {
        List<String> due = new ArrayList<>();
        for (String table : tables) {
            if (nextAttempt.get(table) != DONE) {
                due.add(table);
            }
        }
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> due.forEach(this::recordOnce), executor);
    }

    /** Records the table's description unless done already or tried less than 5 minutes ago. Never throws. */
    void recordOnce(String table) {
        Instant now = clock.instant();
        boolean[] due = {false};
        nextAttempt.compute(table, (t, next) -> {
            if (next != null && now.isBefore(next)) {
                return next;
            }
            due[0] = true;
            // Claimed: a concurrent batch of the same table waits for the next interval.
            return now.plus(RETRY_INTERVAL);
        });
        if (!due[0]) {
            return;
        }
        try {
            record(table);
            nextAttempt.put(table, DONE);
        } catch (RuntimeException e) {
            log.warn("Table description not recorded; the backup goes on and it is tried again later",
                    "table", table, "objectKey", store.key(table), "reason", e,
                    "retryAfterSeconds", RETRY_INTERVAL.toSeconds());
        }
    }

    private void record(String table) {
        TableDescription description = tables.describe(table);
        TimeToLiveDescription ttl = tables.client().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        store.record(description, ttl).ifPresent(written -> log.info("Table description recorded", "table", table,
                "objectKey", written.key(), "versionId", written.versionId()));
    }
}
