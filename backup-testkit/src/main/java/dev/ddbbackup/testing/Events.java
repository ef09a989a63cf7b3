package dev.ddbbackup.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import dev.ddbbackup.function.StreamRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds Lambda stream events for tests, with increasing sequence numbers. */
public final class Events {

    public static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/%s/stream/2026-11-20T00:00:00.000";

    private final String table;
    private final AtomicLong sequence = new AtomicLong(100_000_000_000_000_000L);
    private Instant time = Instant.parse("2026-11-20T10:00:00Z");

    public Events(String table) {
        this.table = table;
    }

    public static AttributeValue s(String v) {
        return new AttributeValue().withS(v);
    }

    public static AttributeValue n(String v) {
        return new AttributeValue().withN(v);
    }

    /** An item map from alternating names and values. */
    public static Map<String, AttributeValue> item(Object... nameValues) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], (AttributeValue) nameValues[i + 1]);
        }
        return m;
    }

    /** Advances the change time used for the next records. */
    public Events at(Instant time) {
        this.time = time;
        return this;
    }

    public DynamodbStreamRecord insert(Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage) {
        return record("INSERT", keys, newImage, null);
    }

    public DynamodbStreamRecord modify(Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage) {
        return record("MODIFY", keys, newImage, oldImage);
    }

    public DynamodbStreamRecord remove(Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage) {
        return record("REMOVE", keys, null, oldImage);
    }

    public DynamodbStreamRecord ttlRemove(Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage) {
        DynamodbStreamRecord r = remove(keys, oldImage);
        r.setUserIdentity(new Identity().withType("Service").withPrincipalId("dynamodb.amazonaws.com"));
        return r;
    }

    public DynamodbStreamRecord record(String eventName, Map<String, AttributeValue> keys,
            Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        long seq = sequence.incrementAndGet();
        return StreamRecords.of("evt-" + seq, eventName, String.format(STREAM_ARN, table), Long.toString(seq), time, 100L,
                keys, newImage, oldImage);
    }

    public static DynamodbEvent event(List<DynamodbStreamRecord> records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(new ArrayList<>(records));
        return e;
    }

    public static DynamodbEvent event(DynamodbStreamRecord... records) {
        return event(List.of(records));
    }
}
