package dev.ddbbackup.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The line-based progress for a stderr that is not a terminal: plain, ASCII, throttled. */
class ProgressLinesTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong nanos = new AtomicLong();
    private final ProgressLines lines = new ProgressLines(new PrintStream(bytes, true, StandardCharsets.UTF_8), nanos::get);

    private List<String> printed() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f))).as("ASCII only: " + text).isTrue();
        return text.lines().toList();
    }

    @Test
    void aKnownTotalPrintsAtMostOneLinePerTenthAndAStartAndEndLine() {
        lines.start("Write Orders", 1000, "items");
        for (int i = 0; i < 1000; i++) {
            nanos.addAndGet(1_000_000); // 1 ms an item: 1 s in all, well under the interval
            lines.step(1);
        }
        lines.close();
        List<String> out = printed();
        assertThat(out).hasSize(1 + 10 + 1);
        assertThat(out.get(0)).isEqualTo("Write Orders: started, 1000 items");
        assertThat(out.get(1)).isEqualTo("Write Orders: 100/1000 items (10%), 1000.0 items/s");
        assertThat(out.get(11)).isEqualTo("Write Orders: done, 1000/1000 items (100%) in 1.0 s, 1000.0 items/s");
    }

    @Test
    void anUnknownTotalPrintsAtMostOneLineEveryTenSeconds() {
        lines.start("Scan", 0, "items");
        for (int i = 0; i < 600; i++) {
            nanos.addAndGet(100_000_000); // 0.1 s a step: 60 s in all
            lines.step(5);
        }
        List<String> out = printed();
        assertThat(out).hasSize(1 + 6);
        assertThat(out.get(0)).isEqualTo("Scan: started");
        assertThat(out.get(1)).isEqualTo("Scan: 500 items, 50.0 items/s");
    }

    @Test
    void aNewPhaseEndsThePreviousOneAndNonAsciiNamesStayPrintable() {
        lines.start("Check Bestellungen-\u00fcbersicht \u2192 x", 2, "partitions");
        lines.step(1);
        lines.start("Write", 2, "partitions");
        List<String> out = printed();
        assertThat(out.get(0)).isEqualTo("Check Bestellungen-_bersicht _ x: started, 2 partitions");
        assertThat(out.get(2)).startsWith("Check Bestellungen-_bersicht _ x: done, 1/2 partitions (50%)");
        assertThat(out.get(3)).isEqualTo("Write: started, 2 partitions");
    }
}
