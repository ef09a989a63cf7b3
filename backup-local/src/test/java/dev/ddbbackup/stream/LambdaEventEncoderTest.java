package dev.ddbbackup.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.DynamodbEventTransformer;
import dev.ddbbackup.json.DynamoJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The event the poller hands the function is the one Lambda would: checked by converting it back
 * with AWS's own Lambda-to-SDK transformer and comparing with the records read from the stream.
 */
class LambdaEventEncoderTest {

    private static final String ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/Orders/stream/2026-11-23T00:00:00.000";

    private static Record record(String seq, OperationType op, Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage) {
        return Record.builder()
                .eventID("evt-" + seq)
                .eventName(op)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion("ddblocal")
                .dynamodb(d -> d.keys(Map.of("id", AttributeValue.fromS("a")))
                        .newImage(newImage)
                        .oldImage(oldImage)
                        .sequenceNumber(seq)
                        .sizeBytes(42L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .approximateCreationDateTime(Instant.parse("2026-11-23T10:15:30Z")))
                .build();
    }

    @Test
    void roundTripsThroughTheLambdaModelUnchanged() {
        Map<String, AttributeValue> image = Map.of(
                "id", AttributeValue.fromS("a"),
                "bin", AttributeValue.fromB(SdkBytes.fromUtf8String("hello")),
                "set", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
                "nested", AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(
                        AttributeValue.fromN("1.5"), AttributeValue.fromNul(true), AttributeValue.fromBool(false))))),
                "ss", AttributeValue.fromSs(List.of("b", "a")),
                "ns", AttributeValue.fromNs(List.of("1", "2")));
        List<Record> records = List.of(
                record("000000000000000000001", OperationType.INSERT, image, Map.of()),
                record("000000000000000000002", OperationType.REMOVE, Map.of(), image));

        DynamodbEvent event = new LambdaEventEncoder().encode(records, ARN);
        List<Record> back = DynamodbEventTransformer.toRecordsV2(event);

        assertThat(event.getRecords()).hasSize(2);
        assertThat(event.getRecords().get(0).getEventSourceARN()).isEqualTo(ARN);
        assertThat(event.getRecords().get(0).getDynamodb().getApproximateCreationDateTime().toInstant())
                .isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        // Lambda leaves an absent image out rather than sending an empty map.
        assertThat(event.getRecords().get(0).getDynamodb().getOldImage()).isNull();
        assertThat(event.getRecords().get(1).getDynamodb().getNewImage()).isNull();
        for (int i = 0; i < records.size(); i++) {
            Record original = records.get(i);
            Record converted = back.get(i);
            assertThat(converted.eventID()).isEqualTo(original.eventID());
            assertThat(converted.eventName()).isEqualTo(original.eventName());
            assertThat(converted.dynamodb().sequenceNumber()).isEqualTo(original.dynamodb().sequenceNumber());
            assertThat(converted.dynamodb().keys()).isEqualTo(original.dynamodb().keys());
            assertThat(json(converted.dynamodb().newImage())).isEqualTo(json(original.dynamodb().newImage()));
            assertThat(json(converted.dynamodb().oldImage())).isEqualTo(json(original.dynamodb().oldImage()));
        }
    }

    @Test
    void keepsTheUserIdentityOfATtlDelete() {
        Record ttl = record("000000000000000000003", OperationType.REMOVE, Map.of(), Map.of("id", AttributeValue.fromS("a")))
                .toBuilder().userIdentity(u -> u.type("Service").principalId("dynamodb.amazonaws.com")).build();
        DynamodbEvent event = new LambdaEventEncoder().encode(List.of(ttl), ARN);
        assertThat(event.getRecords().get(0).getUserIdentity().getType()).isEqualTo("Service");
        assertThat(event.getRecords().get(0).getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
    }

    private static String json(Map<String, AttributeValue> image) {
        return image == null || image.isEmpty() ? "{}" : DynamoJson.sdkItemToJson(image);
    }
}
