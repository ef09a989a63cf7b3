package dev.ddbbackup.function;

import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.EmfMetrics.Metric;
import dev.ddbbackup.observability.JsonLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one table's share of a batch came to, counted once from the changes written, whichever
 * storage mode wrote them. Its metric line is written here only: the template's alarms and
 * dashboards read these names, so both modes must emit exactly the same ones.
 */
record BatchSummary(String table, int records, long puts, long deletes, long ttlDeletes, int quarantined,
        int notWritten, int batchItemFailures, long maxLagMillis) {

    static BatchSummary of(String table, int records, List<ChangeLogEntry> written, int quarantined, int notWritten,
            int batchItemFailures) {
        long puts = written.stream().filter(e -> e.action() == ChangeLogEntry.Action.PUT).count();
        long ttlDeletes = written.stream().filter(ChangeLogEntry::ttlDelete).count();
        Instant now = Instant.now();
        long maxLag = written.stream()
                .mapToLong(e -> Duration.between(e.approximateCreationTime(), now).toMillis())
                .max().orElse(0);
        return new BatchSummary(table, records, puts, written.size() - puts, ttlDeletes, quarantined, notWritten,
                batchItemFailures, maxLag);
    }

    /**
     * Logs the batch's {@code Batch processed} line, then emits the metric line. The line's fields and
     * their order are part of the log contract (docs/OPERATIONS.md): the counts both modes have, with
     * each mode's own fields where they have always stood (after the table, after the quarantined
     * records, after the records not written).
     */
    void report(JsonLog log, EmfMetrics metrics, long started, List<Object> afterTable, List<Object> afterQuarantined,
            List<Object> afterNotWritten) {
        List<Object> fields = new ArrayList<>(List.of("table", table));
        fields.addAll(afterTable);
        fields.addAll(List.of("records", records, "puts", puts, "deletes", deletes, "ttlDeletes", ttlDeletes,
                "quarantined", quarantined));
        fields.addAll(afterQuarantined);
        fields.addAll(List.of("recordsNotWritten", notWritten));
        fields.addAll(afterNotWritten);
        fields.addAll(List.of("batchItemFailures", batchItemFailures, "maxLagMillis", maxLagMillis,
                "durationMillis", (System.nanoTime() - started) / 1_000_000));
        log.info("Batch processed", fields.toArray());
        emit(metrics);
    }

    private void emit(EmfMetrics metrics) {
        metrics.line(table)
                .put("Records", Metric.count(records))
                .put("Puts", Metric.count(puts))
                .put("Deletes", Metric.count(deletes))
                .put("TtlDeletes", Metric.count(ttlDeletes))
                .put("Quarantined", Metric.count(quarantined))
                .put("FailedRecords", Metric.count(notWritten))
                .put("BatchItemFailures", Metric.count(batchItemFailures))
                .put("LagMillis", Metric.millis(maxLagMillis))
                .emit();
    }
}
