package dev.ddbbackup.layout;

import dev.ddbbackup.json.DynamoJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeLogEntryTest {

    private static final ItemKey KEYS =
            ItemKey.of(Map.of("id", KeyValue.string("a\"|/"), "range", KeyValue.binaryBase64("AAE=")));

    private static ChangeLogEntry entry() {
        return new ChangeLogEntry("Orders", "evt-1", "MODIFY", ChangeLogEntry.Action.PUT, "4421584500000000017450459000",
                Instant.parse("2026-11-20T10:00:00Z"), KEYS, "bk/Orders/acme/0123", "acme", "v1", false, null);
    }

    @Test
    void lineIsOneCompactJsonObject() {
        assertThat(entry().toJsonLine()).isEqualTo("{\"table\":\"Orders\",\"eventID\":\"evt-1\","
                + "\"eventName\":\"MODIFY\",\"action\":\"PUT\",\"sequenceNumber\":\"4421584500000000017450459000\","
                + "\"approximateCreationTime\":\"2026-11-20T10:00:00Z\","
                + "\"keys\":{\"id\":{\"S\":\"a\\\"|/\"},\"range\":{\"B\":\"AAE=\"}},"
                + "\"objectKey\":\"bk/Orders/acme/0123\",\"tenant\":\"acme\",\"versionId\":\"v1\",\"ttlDelete\":false}");
    }

    @Test
    void parseReversesToJsonLine() {
        for (ChangeLogEntry e : new ChangeLogEntry[] {
            entry(),
            new ChangeLogEntry("Orders", "evt-1", "REMOVE", ChangeLogEntry.Action.DELETE, "4421584500000000017450459000",
                    Instant.parse("2026-11-20T10:00:00Z"), KEYS, "bk/Orders/acme/0123", null, null, true, null),
        }) {
            ChangeLogEntry parsed = ChangeLogEntry.parse(e.toJsonLine());
            assertThat(parsed.toJsonLine()).isEqualTo(e.toJsonLine());
            assertThat(parsed.keys()).isEqualTo(e.keys());
            assertThat(parsed.action()).isEqualTo(e.action());
            assertThat(parsed.tenant()).isEqualTo(e.tenant());
            assertThat(parsed.versionId()).isEqualTo(e.versionId());
            assertThat(parsed.ttlDelete()).isEqualTo(e.ttlDelete());
            assertThat(parsed.sequence()).isEqualTo(new BigInteger("4421584500000000017450459000"));
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        String line = entry().toJsonLine().replace("{\"table\"", "{\"future\":{\"x\":[1,2]},\"table\"");
        assertThat(ChangeLogEntry.parse(line).toJsonLine()).isEqualTo(entry().toJsonLine());
    }

    @Test
    void notALine() {
        assertThatThrownBy(() -> ChangeLogEntry.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeLogEntry.parse("{\"table\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
        "garbage;not JSON",
        "[1];not a JSON object",
        "{\"table\":\"T\"};no eventID",
        "{\"table\":\"T\",\"eventID\":\"e\",\"eventName\":\"INSERT\",\"objectKey\":\"k\",\"action\":\"UPSERT\"};action must be PUT or DELETE",
        "{\"table\":\"T\",\"eventID\":\"e\",\"sequenceNumber\":\"12a\"};sequenceNumber must be decimal digits",
        "{\"approximateCreationTime\":\"yesterday\"};not an ISO-8601 instant",
        "{\"keys\":{\"id\":{\"X\":\"a\"}}};must be S, N or B",
        "{\"table\":1};'table' is not a string",
        "{\"table\":\"T\"} {};not one JSON object",
    })
    void aLineThatIsNotAChangeLogLineSaysWhatIsWrong(String line, String reason) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChangeLogEntry.parse(line))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason)
                .hasMessageNotContaining("dev.ddbbackup");
    }

    private static final String IMAGE = "{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1.50\"},\"l\":{\"L\":[{\"S\":\"\u00e9\\n\"}]}}";

    @Test
    void anImageIsWrittenAsItIsAfterTheOtherFieldsAndReadBack() {
        ChangeLogEntry e = entry().withStored(null, IMAGE);
        String line = e.toJsonLine();
        assertThat(line).endsWith(",\"ttlDelete\":false,\"image\":" + IMAGE + "}").doesNotContain("\n");
        ChangeLogEntry parsed = ChangeLogEntry.parse(line);
        assertThat(parsed.imageJson()).isEqualTo(IMAGE);
        assertThat(parsed.toJsonLine()).isEqualTo(line);
        assertThat(DynamoJson.parseSdkItem(parsed.imageJson())).containsKeys("id", "n", "l");
        assertThat(DynamoJson.parseSdkItem(parsed.imageJson()).get("n").n()).isEqualTo("1.50");
    }

    @Test
    void aLineWithoutAnImageKeepsItsBytesAndHasNone() {
        ChangeLogEntry e = entry();
        assertThat(e.toJsonLine()).doesNotContain("image");
        assertThat(ChangeLogEntry.parse(e.toJsonLine()).imageJson()).isNull();
        assertThat(ChangeLogEntry.parse(e.toJsonLine()).imageJson()).isNull();
        assertThat(ChangeLogEntry.parse(e.toJsonLine().replaceAll("}$", ",\"image\":null}"))
                .imageJson()).isNull();
    }

    @Test
    void anImageThatIsNotAnObjectIsRefused() {
        String line = entry().toJsonLine().replaceAll("}$", ",\"image\":[1]}");
        assertThatThrownBy(() -> ChangeLogEntry.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'image' is not an object");
    }
}
