package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB stream record in the shape Lambda delivers it, the one place that builds it from its
 * parts (the function's priming batches; the test kit's, the benchmarks' and the local pipeline's
 * events) and writes it in the Lambda event's own JSON shape (quarantine files, the local
 * pipeline's events).
 */
public final class StreamRecords {

    private StreamRecords() {
    }

    /**
     * A record as a {@code NEW_AND_OLD_IMAGES} stream of us-east-1 delivers it (event version 1.1);
     * {@code time} (the {@code ApproximateCreationDateTime}), {@code sizeBytes} and the images may be null.
     */
    public static DynamodbStreamRecord of(String eventId, String eventName, String sourceArn, String sequenceNumber,
            Instant time, Long sizeBytes, Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage) {
        StreamRecord change = new StreamRecord()
                .withKeys(keys)
                .withNewImage(newImage)
                .withOldImage(oldImage)
                .withSequenceNumber(sequenceNumber)
                .withSizeBytes(sizeBytes)
                .withApproximateCreationDateTime(time == null ? null : Date.from(time))
                .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(eventId);
        record.setEventName(eventName);
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("us-east-1");
        record.setEventSourceARN(sourceArn);
        record.setDynamodb(change);
        return record;
    }

    /**
     * Writes a record as the Lambda event's JSON holds it. Lenient on purpose, for quarantine files:
     * a record is quarantined because something in it is wrong, so every field that is present is
     * written as it is, malformed attribute values included, for a person to read.
     */
    public static void write(JsonGenerator g, DynamodbStreamRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("eventID", r.getEventID());
        g.writeStringField("eventName", r.getEventName());
        g.writeStringField("eventVersion", r.getEventVersion());
        g.writeStringField("eventSource", r.getEventSource());
        g.writeStringField("awsRegion", r.getAwsRegion());
        g.writeStringField("eventSourceARN", r.getEventSourceARN());
        StreamRecord d = r.getDynamodb();
        if (d != null) {
            g.writeObjectFieldStart("dynamodb");
            if (d.getApproximateCreationDateTime() != null) {
                g.writeNumberField("ApproximateCreationDateTime", d.getApproximateCreationDateTime().getTime() / 1000);
            }
            writeMap(g, "Keys", d.getKeys());
            writeMap(g, "NewImage", d.getNewImage());
            writeMap(g, "OldImage", d.getOldImage());
            g.writeStringField("SequenceNumber", d.getSequenceNumber());
            if (d.getSizeBytes() != null) {
                g.writeNumberField("SizeBytes", d.getSizeBytes());
            }
            g.writeStringField("StreamViewType", d.getStreamViewType());
            g.writeEndObject();
        }
        if (r.getUserIdentity() != null) {
            g.writeObjectFieldStart("userIdentity");
            g.writeStringField("type", r.getUserIdentity().getType());
            g.writeStringField("principalId", r.getUserIdentity().getPrincipalId());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, AttributeValue> map) throws IOException {
        if (map == null) {
            return;
        }
        g.writeFieldName(field);
        writeMap(g, map);
    }

    private static void writeMap(JsonGenerator g, Map<String, AttributeValue> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, AttributeValue v) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        if (v.getS() != null) {
            g.writeStringField("S", v.getS());
        }
        if (v.getN() != null) {
            g.writeStringField("N", v.getN());
        }
        if (v.getB() != null) {
            g.writeStringField("B", base64(v.getB()));
        }
        writeStrings(g, "SS", v.getSS());
        writeStrings(g, "NS", v.getNS());
        if (v.getBS() != null) {
            g.writeArrayFieldStart("BS");
            for (ByteBuffer b : v.getBS()) {
                g.writeString(b == null ? null : base64(b));
            }
            g.writeEndArray();
        }
        if (v.getM() != null) {
            g.writeFieldName("M");
            writeMap(g, v.getM());
        }
        if (v.getL() != null) {
            g.writeArrayFieldStart("L");
            for (AttributeValue element : v.getL()) {
                writeValue(g, element);
            }
            g.writeEndArray();
        }
        if (v.getNULL() != null) {
            g.writeBooleanField("NULL", v.getNULL());
        }
        if (v.getBOOL() != null) {
            g.writeBooleanField("BOOL", v.getBOOL());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static String base64(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
