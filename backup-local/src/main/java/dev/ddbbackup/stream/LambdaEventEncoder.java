package dev.ddbbackup.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbbackup.json.DynamoJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Turns DynamoDB Streams records (SDK v2) into the {@link DynamodbEvent} a Lambda function
 * receives, the way Lambda does it: the records are written as the event JSON Lambda sends
 * (epoch-second {@code ApproximateCreationDateTime}, images in DynamoDB JSON, absent images left
 * out) and read back by the Lambda Java runtime's own deserialiser. No library converts this
 * direction; going through the wire format keeps every detail the runtime applies.
 */
public final class LambdaEventEncoder {

    private final PojoSerializer<DynamodbEvent> serializer =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEventEncoder.class.getClassLoader());

    /** The event for a batch of records of one stream. */
    public DynamodbEvent encode(List<Record> records, String streamArn) {
        return serializer.fromJson(new ByteArrayInputStream(toJson(records, streamArn)));
    }

    /** The event JSON exactly as Lambda would send it. */
    public byte[] toJson(List<Record> records, String streamArn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 512 + 32);
        try (JsonGenerator g = DynamoJson.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (Record r : records) {
                writeRecord(g, r, streamArn);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRecord(JsonGenerator g, Record r, String streamArn) throws IOException {
        g.writeStartObject();
        g.writeStringField("eventID", r.eventID());
        g.writeStringField("eventName", r.eventNameAsString());
        g.writeStringField("eventVersion", r.eventVersion());
        g.writeStringField("eventSource", r.eventSource() == null ? "aws:dynamodb" : r.eventSource());
        g.writeStringField("awsRegion", r.awsRegion());
        StreamRecord d = r.dynamodb();
        g.writeObjectFieldStart("dynamodb");
        if (d.approximateCreationDateTime() != null) {
            g.writeNumberField("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
        }
        writeImage(g, "Keys", d.keys());
        writeImage(g, "NewImage", d.newImage());
        writeImage(g, "OldImage", d.oldImage());
        g.writeStringField("SequenceNumber", d.sequenceNumber());
        if (d.sizeBytes() != null) {
            g.writeNumberField("SizeBytes", d.sizeBytes());
        }
        g.writeStringField("StreamViewType", d.streamViewTypeAsString());
        g.writeEndObject();
        Identity identity = r.userIdentity();
        if (identity != null) {
            g.writeObjectFieldStart("userIdentity");
            g.writeStringField("type", identity.type());
            g.writeStringField("principalId", identity.principalId());
            g.writeEndObject();
        }
        g.writeStringField("eventSourceARN", streamArn);
        g.writeEndObject();
    }

    /** Lambda leaves out an image the stream does not carry (DynamoDB Local sends it empty). */
    private static void writeImage(JsonGenerator g, String field, Map<String, AttributeValue> image) throws IOException {
        if (image == null || image.isEmpty()) {
            return;
        }
        g.writeFieldName(field);
        DynamoJson.writeSdkItem(g, image);
    }
}
