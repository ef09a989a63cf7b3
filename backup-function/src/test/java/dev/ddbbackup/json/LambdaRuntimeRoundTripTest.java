package dev.ddbbackup.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.testing.EventFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images the Lambda Java runtime hands the function (its own deserialiser, not ours) come out
 * of {@link DynamoJson} exactly as they were in the event JSON.
 */
class LambdaRuntimeRoundTripTest {

    private static final Path EVENTS = EventFiles.DIR;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void allTypesNewImageSurvivesTheRuntimeDeserialiser() throws IOException {
        String json = EventFiles.json("all-types.json");
        DynamodbEvent event = EventFiles.deserialise(json);
        JsonNode expected = MAPPER.readTree(json).path("Records").path(0).path("dynamodb").path("NewImage");
        assertThat(expected.size()).isGreaterThan(10);
        String written = DynamoJson.eventItemToJson(event.getRecords().get(0).getDynamodb().getNewImage());
        assertThat(MAPPER.readTree(written)).isEqualTo(expected);
        // And through the SDK model, byte for byte.
        assertThat(DynamoJson.sdkItemToJson(DynamoJson.parseSdkItem(written))).isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void everyImageAndKeyOfTheSampleEventsSurvives(Path file) throws IOException {
        String json = Files.readString(file);
        DynamodbEvent event = EventFiles.deserialise(json);
        JsonNode records = MAPPER.readTree(json).path("Records");
        assertThat(event.getRecords()).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            var ddb = event.getRecords().get(i).getDynamodb();
            JsonNode expected = records.path(i).path("dynamodb");
            assertThat(MAPPER.readTree(DynamoJson.eventItemToJson(ddb.getKeys()))).isEqualTo(expected.path("Keys"));
            if (ddb.getNewImage() != null) {
                assertThat(MAPPER.readTree(DynamoJson.eventItemToJson(ddb.getNewImage()))).isEqualTo(expected.path("NewImage"));
            }
            if (ddb.getOldImage() != null) {
                assertThat(MAPPER.readTree(DynamoJson.eventItemToJson(ddb.getOldImage()))).isEqualTo(expected.path("OldImage"));
            }
        }
    }
}
