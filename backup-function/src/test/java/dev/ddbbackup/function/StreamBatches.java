package dev.ddbbackup.function;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.testing.EventFiles;
import dev.ddbbackup.testing.Events;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Batches of stream records as the handler tests send them, and what Lambda does with the handler's
 * answer: one place for the batch shapes every handler test of both storage modes drives.
 */
final class StreamBatches {

    /**
     * A short invocation: items (or quarantine files) end 3 s before its deadline, the change log
     * or the segment 1 s before it.
     */
    static final BatchProcessor.TimeBudget SHORT = new BatchProcessor.TimeBudget(Duration.ofSeconds(3),
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(30));

    private StreamBatches() {
    }

    static StreamsEventResponse run(BackupHandler handler, List<DynamodbStreamRecord> records) {
        return handler.handleRequest(Events.event(records), null);
    }

    /** The records of a sample event of the repository's {@code events/} folder. */
    static List<DynamodbStreamRecord> sample(String fileName) {
        return EventFiles.load(fileName).getRecords();
    }

    static String seq(DynamodbStreamRecord r) {
        return r.getDynamodb().getSequenceNumber();
    }

    static List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }

    /** What Lambda does with a partial batch response: deliver again from the lowest reported record. */
    static List<DynamodbStreamRecord> redelivery(List<DynamodbStreamRecord> records, StreamsEventResponse response) {
        BigInteger from = response.getBatchItemFailures().stream().map(f -> new BigInteger(f.getItemIdentifier()))
                .min(BigInteger::compareTo).orElseThrow();
        return records.stream().filter(r -> new BigInteger(seq(r)).compareTo(from) >= 0).toList();
    }

    /**
     * {@code keys} items ({@code id} and a {@code range} of 1) with {@code changes} records each
     * (INSERT then MODIFYs), interleaved across keys.
     */
    static List<DynamodbStreamRecord> interleaved(Events events, int keys, int changes) {
        return interleaved(events, keys, changes, true);
    }

    /** {@link #interleaved(Events, int, int)} of a table keyed by {@code id} alone when {@code range} is false. */
    static List<DynamodbStreamRecord> interleaved(Events events, int keys, int changes, boolean range) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (int c = 0; c < changes; c++) {
            for (int k = 0; k < keys; k++) {
                Map<String, AttributeValue> key = range ? item("id", s("item-" + k), "range", n("1"))
                        : item("id", s("item-" + k));
                Map<String, AttributeValue> image = new LinkedHashMap<>(key);
                image.put("v", n(Integer.toString(c)));
                records.add(c == 0 ? events.insert(key, image) : events.modify(key, null, image));
            }
        }
        return records;
    }

    /** For a handler whose test must not reach DynamoDB (the table description is skipped). */
    static Supplier<DynamoDbClient> noDynamoDb() {
        return () -> {
            throw new IllegalStateException("no DynamoDB for this test: _table.json is skipped");
        };
    }

    /**
     * Two changes of one item of tenant {@code acme} around five records no backup can hold, each
     * for another reason: keys only (no NewImage), an unknown event name, an attribute value of no
     * type, a REMOVE without OldImage, no event source ARN.
     */
    record Unbackupable(Map<String, AttributeValue> key, DynamodbStreamRecord good1, DynamodbStreamRecord keysOnly,
            DynamodbStreamRecord unknownEvent, DynamodbStreamRecord malformed, DynamodbStreamRecord removeWithoutOld,
            DynamodbStreamRecord noArn, DynamodbStreamRecord good2) {

        /** The records in batch order, each stamped by {@code events} in that order. */
        static Unbackupable of(Events events) {
            var key = item("id", s("q"), "range", n("1"));
            DynamodbStreamRecord good1 = events.insert(key, item("id", s("q"), "range", n("1"), "tenant", s("acme")));
            DynamodbStreamRecord keysOnly = sample("keys-only.json").get(0);
            DynamodbStreamRecord unknownEvent = events.record("UPSERT", key, item("id", s("q"), "range", n("1")), null);
            DynamodbStreamRecord malformed = events.insert(item("id", s("m"), "range", n("1")),
                    item("id", s("m"), "range", n("1"), "broken", new AttributeValue()));
            DynamodbStreamRecord removeWithoutOld = events.remove(item("id", s("r"), "range", n("1")), null);
            DynamodbStreamRecord noArn = events.insert(item("id", s("a"), "range", n("1")), item("id", s("a"), "range", n("1")));
            noArn.setEventSourceARN(null);
            DynamodbStreamRecord good2 = events.modify(key, null,
                    item("id", s("q"), "range", n("1"), "tenant", s("acme"), "v", n("2")));
            return new Unbackupable(key, good1, keysOnly, unknownEvent, malformed, removeWithoutOld, noArn, good2);
        }

        /** The batch, in this order. */
        List<DynamodbStreamRecord> records() {
            return List.of(good1, keysOnly, unknownEvent, malformed, removeWithoutOld, noArn, good2);
        }
    }
}
