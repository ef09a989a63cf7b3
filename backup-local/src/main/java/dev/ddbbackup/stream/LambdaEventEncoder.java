package dev.ddbbackup.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbbackup.function.StreamRecords;
import dev.ddbbackup.json.DynamoJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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
                StreamRecords.write(g, lambdaRecord(r, streamArn));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The record in the Lambda event model, with the stream's own region, version, view type and identity. */
    private static DynamodbStreamRecord lambdaRecord(Record r, String streamArn) {
        StreamRecord d = r.dynamodb();
        DynamodbStreamRecord record = StreamRecords.of(r.eventID(), r.eventNameAsString(), streamArn,
                d.sequenceNumber(), d.approximateCreationDateTime(), d.sizeBytes(), image(d.keys()),
                image(d.newImage()), image(d.oldImage()));
        record.setEventVersion(r.eventVersion());
        record.setEventSource(r.eventSource() == null ? "aws:dynamodb" : r.eventSource());
        record.setAwsRegion(r.awsRegion());
        if (d.streamViewType() != null) {
            record.getDynamodb().setStreamViewType(StreamViewType.fromValue(d.streamViewTypeAsString()));
        }
        if (r.userIdentity() != null) {
            record.setUserIdentity(new Identity().withType(r.userIdentity().type())
                    .withPrincipalId(r.userIdentity().principalId()));
        }
        return record;
    }

    /** Lambda leaves out an image the stream does not carry (DynamoDB Local sends it empty). */
    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> image) {
        return image == null || image.isEmpty() ? null : DynamoJson.parseEventItem(DynamoJson.sdkItemToJson(image));
    }
}
