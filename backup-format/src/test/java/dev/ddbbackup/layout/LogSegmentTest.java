package dev.ddbbackup.layout;

import dev.ddbbackup.json.DynamoJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LogSegmentTest {

    private static ChangeLogEntry entry(int i, ChangeLogEntry.Action action) {
        return new ChangeLogEntry("Orders", "evt-" + i, action == ChangeLogEntry.Action.PUT ? "INSERT" : "REMOVE",
                action, Integer.toString(1000 + i), Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i),
                ItemKey.of(Map.of("id", KeyValue.string("k" + i))), "bk/Orders/k" + i, null, null, false,
                action == ChangeLogEntry.Action.PUT ? "{\"id\":{\"S\":\"k" + i + "\"}}" : null);
    }

    private static List<ChangeLogEntry> entries(int n) {
        List<ChangeLogEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(entry(i, i % 3 == 2 ? ChangeLogEntry.Action.DELETE : ChangeLogEntry.Action.PUT));
        }
        return out;
    }

    private static List<String> lines(List<ChangeLogEntry> entries) {
        return entries.stream().map(ChangeLogEntry::toJsonLine).toList();
    }

    @Test
    void aSegmentIsGzippedJsonLinesThatReadBackInOrder() throws Exception {
        List<ChangeLogEntry> written = entries(10);
        byte[] segment = LogSegment.encode(written);
        assertThat(segment[0]).isEqualTo((byte) 0x1f);
        assertThat(segment[1]).isEqualTo((byte) 0x8b);
        List<ChangeLogEntry> read = LogSegment.decode(segment);
        assertThat(lines(read)).isEqualTo(lines(written));
        assertThat(DynamoJson.parseSdkItem(read.get(0).imageJson()).get("id").s()).isEqualTo("k0");
        assertThat(read.get(2).imageJson()).isNull();
    }

    @Test
    void anEmptySegmentReadsAsNoEntries() {
        assertThat(LogSegment.decode(LogSegment.encode(List.of()))).isEmpty();
    }

    @Test
    void partsStayWithinTheCapAndTogetherHoldEveryEntryInOrder() {
        List<ChangeLogEntry> written = entries(50);
        long lineBytes = written.get(0).toJsonLine().length() + 1;
        List<byte[]> parts = LogSegment.encodeParts(written, lineBytes * 7);
        assertThat(parts).hasSizeGreaterThan(1);
        List<ChangeLogEntry> read = new ArrayList<>();
        for (byte[] part : parts) {
            List<ChangeLogEntry> entries = LogSegment.decode(part);
            long uncompressed = entries.stream().mapToLong(e -> e.toJsonLine().length() + 1).sum();
            assertThat(uncompressed).isLessThanOrEqualTo(lineBytes * 7);
            read.addAll(entries);
        }
        assertThat(lines(read)).isEqualTo(lines(written));
        assertThat(LogSegment.encodeParts(written, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void aLineLongerThanTheCapIsAPartByItself() {
        assertThat(LogSegment.encodeParts(entries(3), 10)).hasSize(3);
    }

    @Test
    void aBadLineIsNamedByItsNumber() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write((entry(1, ChangeLogEntry.Action.PUT).toJsonLine() + "\n\n{\"table\":1}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> LogSegment.decode(bytes.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Line 3 of the segment");
    }
}
