package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.dispatch.OrderedDispatcher.NotStarted;
import dev.ddbbackup.dispatch.OrderedDispatcher.Outcome;
import dev.ddbbackup.function.QuarantineWriter.Quarantined;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Log mode ({@link StorageMode#LOG}): one delivered batch becomes, per table, one segment
 * ({@link LogSegment}) of its changes, images included, PUT once (or in parts when it is larger than
 * the part cap) under {@code _log/}: no object per item and no change log beside it. The records are
 * parsed, checked and quarantined exactly as in the objects mode ({@link BatchProcessor}); a tenant
 * move is two lines (PUT under the new name, DELETE under the old), as in a change log.
 *
 * <p>Failures. Lambda checkpoints at the lowest sequence number reported and delivers everything
 * from there again. A table whose segment (or one of its parts) did not land is reported at its
 * lowest record: every record of that table in the batch, so every later record of each of its keys,
 * comes again, which keeps the objects mode's rule (the first unwritten record of each key, none of
 * its later ones) in its stricter form. The records of a table whose segment landed are not reported
 * (they come again only when they follow a reported record in the shard; a stream is one table, so
 * that is a test's or the local pipeline's mixed batch). A redelivered batch writes a second segment
 * under another invocation id: the readers keep one line per event id, as they do for change logs.
 *
 * <p>Time: quarantine files are written as item writes are in the objects mode (ended
 * {@link BatchProcessor.TimeBudget#afterItems()} before the deadline), and the segment gets the
 * change log's time (up to {@link BatchProcessor.TimeBudget#afterChangeLog()} before it); a segment
 * with less than {@link BatchProcessor.TimeBudget#minimumWrite()} left is not started and its
 * table's records are reported.
 */
record LogStore(BackupLayout layout, RecordParser parser, ObjectKeys objectKeys, QuarantineWriter quarantine,
        S3Writer s3, OrderedDispatcher dispatcher, JsonLog log, EmfMetrics metrics, BatchProcessor.TimeBudget time,
        long partCapBytes, KeysOnlyNotice keysOnly) implements BatchStore {

    private static final String SEGMENT_TYPE = "application/gzip";

    LogStore(BackupLayout layout, RecordParser parser, ObjectKeys objectKeys, QuarantineWriter quarantine, S3Writer s3,
            OrderedDispatcher dispatcher, JsonLog log, EmfMetrics metrics, BatchProcessor.TimeBudget time,
            long partCapBytes) {
        this(layout, parser, objectKeys, quarantine, s3, dispatcher, log, metrics, time, partCapBytes,
                new KeysOnlyNotice(log));
    }

    @Override
    public StreamsEventResponse process(DeliveredBatch batch, String invocationId, Deadline deadline) {
        long started = System.nanoTime();
        String batchTable = batch.firstTable();
        Map<String, List<ChangeLogEntry>> byTable = new LinkedHashMap<>();
        // The first record of each table: its segment is named after it.
        Map<String, ChangeRecord> firstOfTable = new LinkedHashMap<>();
        Map<String, List<Quarantined>> toQuarantine = new LinkedHashMap<>();
        for (DeliveredBatch.Delivered delivered : batch.records()) {
            int i = delivered.index();
            DynamodbStreamRecord record = delivered.record();
            if (record == null) {
                toQuarantine.put("#" + i, List.of(Quarantined.nullRecord(delivered, batchTable, invocationId)));
                continue;
            }
            try {
                ChangeRecord change = parser.parse(delivered);
                firstOfTable.putIfAbsent(change.table(), change);
                byTable.computeIfAbsent(change.table(), t -> new ArrayList<>()).addAll(entries(change));
            } catch (InvalidRecordException e) {
                keysOnly.note(record);
                toQuarantine.put("#" + i, List.of(Quarantined.invalid(delivered, e)));
            }
        }

        TreeSet<BigInteger> failed = new TreeSet<>();
        int quarantined = quarantine(toQuarantine, batch, deadline.minus(time.afterItems()), failed);

        Deadline segmentEnd = deadline.minus(time.afterChangeLog());
        List<ChangeLogEntry> written = new ArrayList<>();
        int notWritten = 0;
        int parts = 0;
        long bytes = 0;
        for (Map.Entry<String, List<ChangeLogEntry>> table : byTable.entrySet()) {
            List<ChangeLogEntry> lines = table.getValue();
            // Stable: the two lines of a tenant move keep their order.
            lines.sort(Comparator.comparing(ChangeLogEntry::sequence));
            ChangeRecord head = firstOfTable.get(table.getKey());
            try {
                if (!segmentEnd.hasLeft(time.minimumWrite())) {
                    throw new IllegalStateException("not started: the invocation's time ran short");
                }
                List<byte[]> segment = LogSegment.encodeParts(lines, partCapBytes);
                for (int p = 0; p < segment.size(); p++) {
                    String key = segment.size() == 1
                            ? layout.logSegmentKey(head.table(), head.approximateCreationTime(), head.sequenceNumber(), invocationId)
                            : layout.logSegmentKey(head.table(), head.approximateCreationTime(), head.sequenceNumber(), invocationId,
                                    p + 1);
                    s3.putBody(key, segment.get(p), SEGMENT_TYPE, segmentEnd, time.changeLogAttempt());
                    parts++;
                    bytes += segment.get(p).length;
                }
                written.addAll(lines);
            } catch (RuntimeException e) {
                failed.add(lines.get(0).sequence());
                notWritten += (int) lines.stream().map(ChangeLogEntry::eventId).distinct().count();
                log.error("Log segment not written; the table's records of this batch will be delivered again",
                        "table", table.getKey(), "sequenceNumber", lines.get(0).sequenceNumber(),
                        "error", e);
            }
        }

        List<BatchItemFailure> failures = new ArrayList<>(failed.size());
        for (BigInteger sequence : failed) {
            failures.add(new BatchItemFailure(sequence.toString()));
        }
        BatchSummary.of(batchTable == null ? BatchProcessor.UNKNOWN_TABLE : batchTable, batch.size(), written, quarantined,
                notWritten, failures.size()).report(log, metrics, started, List.of("storageMode", StorageMode.LOG.configName()),
                List.of(), List.of("segmentParts", parts, "segmentBytes", bytes));
        return new StreamsEventResponse(failures);
    }

    /** Writes the quarantine files as the objects mode does, concurrently; returns how many were written. */
    private int quarantine(Map<String, List<Quarantined>> records, DeliveredBatch batch, Deadline end,
            TreeSet<BigInteger> failed) {
        if (records.isEmpty()) {
            return 0;
        }
        Map<String, Outcome<Quarantined, String>> outcomes = dispatcher.run(records, q -> quarantine.write(q, end),
                () -> end.hasLeft(time.minimumWrite()));
        int written = 0;
        for (Outcome<Quarantined, String> outcome : outcomes.values()) {
            written += outcome.results().size();
            if (outcome.failed()) {
                String sequence = outcome.failedItem().delivered().sequence();
                failed.add(sequence == null ? batch.lowestSequence() : new BigInteger(sequence));
                if (!(outcome.error() instanceof NotStarted)) {
                    log.error("Quarantine file not written; the record will be delivered again",
                            "sequenceNumber", sequence, "error", outcome.error());
                }
            }
        }
        return written;
    }

    /** The lines of one change: its PUT (with the image) or DELETE, and the DELETE under the old tenant of a move. */
    private List<ChangeLogEntry> entries(ChangeRecord change) {
        if (change.eventName() == ChangeRecord.EventName.REMOVE) {
            return List.of(entry(change, Action.DELETE, change.oldTenant(), null));
        }
        ChangeLogEntry put = entry(change, Action.PUT, change.newTenant(), DynamoJson.eventItemToJson(change.newImage()));
        if (change.oldTenant() != null && !change.oldTenant().equals(change.newTenant())) {
            return List.of(put, entry(change, Action.DELETE, change.oldTenant(), null));
        }
        return List.of(put);
    }

    private ChangeLogEntry entry(ChangeRecord change, Action action, String tenant, String image) {
        return change.entry(action, objectKeys.objectKey(change.table(), tenant, change.key(), change.eventId()), tenant)
                .withStored(null, image);
    }
}
