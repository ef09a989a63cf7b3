package dev.ddbbackup.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
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
        StreamRecord sr = new StreamRecord()
                .withKeys(keys)
                .withSequenceNumber(Long.toString(seq))
                .withSizeBytes(100L)
                .withApproximateCreationDateTime(Date.from(time));
        sr.withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        if (newImage != null) {
            sr.setNewImage(newImage);
        }
        if (oldImage != null) {
            sr.setOldImage(oldImage);
        }
        DynamodbStreamRecord r = new DynamodbStreamRecord();
        r.setEventID("evt-" + seq);
        r.setEventName(eventName);
        r.setEventVersion("1.1");
        r.setEventSource("aws:dynamodb");
        r.setAwsRegion("us-east-1");
        r.setEventSourceARN(String.format(STREAM_ARN, table));
        r.setDynamodb(sr);
        return r;
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
