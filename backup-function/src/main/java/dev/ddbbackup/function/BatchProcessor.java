package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.dispatch.OrderedDispatcher.NotStarted;
import dev.ddbbackup.dispatch.OrderedDispatcher.Outcome;
import dev.ddbbackup.function.QuarantineWriter.Quarantined;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One delivered batch, end to end: validate the records, group them by item key, write each key's
 * records in stream order (keys concurrently), write the batch's change log, and say which
 * records Lambda must deliver again.
 *
 * <p>Lambda checkpoints at the lowest sequence number reported in {@code batchItemFailures} and
 * re-delivers everything from there. So for each key the first record that failed is reported and
 * none of that key's later records is written; a batch whose change log cannot be written reports
 * the first record the log covers, so the whole covered range is written again with a new log.
 *
 * <p>Time: Lambda ends an invocation at its timeout, writes in flight or not. So with a deadline
 * (Lambda's remaining time), every item write must have ended {@link TimeBudget#afterItems()}
 * before it (each S3 call gets at most the time left until then), no item write starts with less
 * than {@link TimeBudget#minimumWrite()} left, and the change log gets what remains up to
 * {@link TimeBudget#afterChangeLog()} before the deadline. A key whose next record could not be
 * started is reported at that record, like a failure: the records reported are exactly the first
 * unwritten record of each key, and Lambda delivers them again.
 *
 * <p>Before the change log, the objects that a retried write touched are checked: their current
 * version must be their newest change ({@link CurrentVersions}); a batch without retries skips this.
 */
final class BatchProcessor implements BatchStore {

    /**
     * How an invocation's time is shared out (see the class comment).
     *
     * @param changeLogAttempt the longest one attempt of a large write (a change log, a log segment) may take
     */
    record TimeBudget(Duration afterItems, Duration afterChangeLog, Duration minimumWrite, Duration changeLogAttempt) {

        TimeBudget {
            if (afterItems.compareTo(afterChangeLog) <= 0) {
                throw new IllegalArgumentException("the change log needs time between the items and the deadline");
            }
        }

        /**
         * For the template's 120 s timeout: items end 10 s before the deadline, the change log
         * (up to a few MB for 10,000 records, normally well under a second) 1 s before it, and a
         * write needs at least 1 s to be worth starting. One attempt of the change log may take
         * 30 s (the client's 5 s is meant for items of at most 400 KB).
         */
        static TimeBudget lambda() {
            return new TimeBudget(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofSeconds(30));
        }
    }

    /** Where a record that names no table is quarantined. */
    static final String UNKNOWN_TABLE = "_unknown_table";

    private final BackupLayout layout;
    private final RecordParser parser;
    private final ItemWriter items;
    private final QuarantineWriter quarantine;
    private final S3Writer s3;
    private final OrderedDispatcher dispatcher;
    private final JsonLog log;
    private final EmfMetrics metrics;
    private final KeysOnlyNotice keysOnly;
    private final TimeBudget time;
    private final CurrentVersions currentVersions;

    BatchProcessor(BackupLayout layout, RecordParser parser, ItemWriter items, QuarantineWriter quarantine,
            S3Writer s3, OrderedDispatcher dispatcher, JsonLog log, EmfMetrics metrics, TimeBudget time) {
        this.time = time;
        this.layout = layout;
        this.parser = parser;
        this.items = items;
        this.quarantine = quarantine;
        this.s3 = s3;
        this.dispatcher = dispatcher;
        this.log = log;
        this.metrics = metrics;
        this.keysOnly = new KeysOnlyNotice(log);
        this.currentVersions = new CurrentVersions(items, s3, dispatcher, log);
    }

    /** One unit of ordered work: a valid change, or a record to quarantine. */
    private interface Step {
        String sequenceNumber();

        List<ItemWriter.Written> run(Deadline deadline);
    }

    @Override
    public StreamsEventResponse process(DeliveredBatch batch, String invocationId, Deadline deadline) {
        long started = System.nanoTime();
        Deadline itemsEnd = deadline.minus(time.afterItems());
        Map<String, List<Step>> groups = new LinkedHashMap<>();
        AtomicInteger quarantined = new AtomicInteger();
        String batchTable = batch.firstTable();
        // The first record of each table: its change log is named after it.
        Map<String, ChangeRecord> firstOfTable = new LinkedHashMap<>();
        for (DeliveredBatch.Delivered delivered : batch.records()) {
            int i = delivered.index();
            DynamodbStreamRecord record = delivered.record();
            if (record == null) {
                groups.put("#quarantine-" + i, List.of(quarantineStep(Quarantined.nullRecord(delivered, batchTable,
                        invocationId), quarantined)));
                continue;
            }
            try {
                ChangeRecord change = parser.parse(delivered);
                firstOfTable.putIfAbsent(change.table(), change);
                groups.computeIfAbsent(change.table() + "\n" + change.key().canonicalJson(), k -> new ArrayList<>(2))
                        .add(changeStep(change));
            } catch (InvalidRecordException e) {
                keysOnly.note(record);
                // A quarantined record writes no item object, so it need not wait for its key's order.
                groups.put("#quarantine-" + i, List.of(quarantineStep(Quarantined.invalid(delivered, e), quarantined)));
            }
        }

        Map<String, Outcome<Step, List<ItemWriter.Written>>> outcomes = dispatcher.run(groups,
                step -> step.run(itemsEnd), () -> itemsEnd.hasLeft(time.minimumWrite()));

        List<ItemWriter.Written> writes = new ArrayList<>();
        TreeSet<BigInteger> failed = new TreeSet<>();
        int failedKeys = 0;
        int notWritten = 0;
        int notStarted = 0;
        int keysNotStarted = 0;
        for (Map.Entry<String, Outcome<Step, List<ItemWriter.Written>>> e : outcomes.entrySet()) {
            Outcome<Step, List<ItemWriter.Written>> outcome = e.getValue();
            outcome.results().forEach(writes::addAll);
            if (outcome.failed()) {
                failedKeys++;
                int left = groups.get(e.getKey()).size() - outcome.results().size();
                notWritten += left;
                String sequence = outcome.failedItem().sequenceNumber();
                failed.add(sequence == null ? batch.lowestSequence() : new BigInteger(sequence));
                if (outcome.error() instanceof NotStarted) {
                    keysNotStarted++;
                    notStarted += left;
                } else {
                    log.error("Record not written; it and the later records of its key will be delivered again",
                            "sequenceNumber", sequence, "error", outcome.error());
                }
            }
        }
        if (keysNotStarted > 0) {
            log.warn("The invocation's time ran short: records not started will be delivered again",
                    "recordsNotStarted", notStarted, "keys", keysNotStarted, "remainingMillis",
                    deadline.remaining().map(Duration::toMillis).orElse(-1L));
        }
        // After every item write has ended, so that an abandoned attempt has had the most time to land.
        CurrentVersions.Checked checked = currentVersions.ensure(writes, itemsEnd,
                () -> itemsEnd.hasLeft(time.minimumWrite()));
        failed.addAll(checked.unsure());
        List<ChangeLogEntry> written = new ArrayList<>(writes.size());
        writes.forEach(w -> written.add(w.entry()));
        written.sort(Comparator.comparing(ChangeLogEntry::sequence));

        // One change log per table: a table's lines belong under its own _changes/.
        Map<String, List<ChangeLogEntry>> writtenByTable = new LinkedHashMap<>();
        for (ChangeLogEntry entry : written) {
            writtenByTable.computeIfAbsent(entry.table(), t -> new ArrayList<>()).add(entry);
        }
        boolean changeLogFailed = false;
        for (Map.Entry<String, List<ChangeLogEntry>> table : writtenByTable.entrySet()) {
            List<ChangeLogEntry> lines = table.getValue();
            ChangeRecord head = firstOfTable.get(table.getKey());
            try {
                String key = layout.changeLogKey(head.table(), head.approximateCreationTime(), head.sequenceNumber(), invocationId);
                s3.putJson(key, changeLog(lines), null, deadline.minus(time.afterChangeLog()), time.changeLogAttempt());
            } catch (RuntimeException e) {
                changeLogFailed = true;
                failed.add(lines.get(0).sequence());
                log.error("Change log not written; the batch will be delivered again from its first written record",
                        "table", table.getKey(), "sequenceNumber", lines.get(0).sequenceNumber(), "error", e);
            }
        }

        List<BatchItemFailure> failures = new ArrayList<>(failed.size());
        for (BigInteger sequence : failed) {
            failures.add(new BatchItemFailure(sequence.toString()));
        }
        BatchSummary.of(batchTable == null ? UNKNOWN_TABLE : batchTable, batch.size(), written, quarantined.get(),
                notWritten, failures.size()).report(log, metrics, started, List.of(), List.of("failedKeys", failedKeys),
                List.of("changeLogFailed", changeLogFailed, "currentVersionsChecked", checked.objects(),
                        "currentVersionsRewritten", checked.rewrites()));
        return new StreamsEventResponse(failures);
    }

    private Step changeStep(ChangeRecord change) {
        return new Step() {
            @Override
            public String sequenceNumber() {
                return change.sequenceNumber();
            }

            @Override
            public List<ItemWriter.Written> run(Deadline deadline) {
                return items.write(change, deadline);
            }
        };
    }

    private Step quarantineStep(Quarantined q, AtomicInteger quarantined) {
        return new Step() {
            @Override
            public String sequenceNumber() {
                return q.delivered().sequence();
            }

            @Override
            public List<ItemWriter.Written> run(Deadline deadline) {
                quarantine.write(q, deadline);
                quarantined.incrementAndGet();
                return Collections.emptyList();
            }
        };
    }

    private static byte[] changeLog(List<ChangeLogEntry> entries) {
        StringBuilder lines = new StringBuilder(entries.size() * 300);
        for (ChangeLogEntry e : entries) {
            lines.append(e.toJsonLine()).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
