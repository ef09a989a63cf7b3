package dev.ddbbackup.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");

    private static final ItemKey KEYS =
            ItemKey.of(Map.of("id", KeyValue.of(KeyValue.Type.S, "a"), "range", KeyValue.of(KeyValue.Type.N, "1")));

    static CheckpointEntry put() {
        return put("v2", List.of("v3"), null);
    }

    static CheckpointEntry put(String versionId, List<String> otherVersionIds, String image) {
        return new CheckpointEntry("bk/Orders/acme/0cc175b9c0f1b6a831c399e269772661", "acme", KEYS, Action.PUT, versionId,
                otherVersionIds, "e1", "MODIFY", "4421584500000000017450439091", T0.minusSeconds(5), false, "change-log",
                image);
    }

    @Test
    void anEntryIsOneJsonLineThatReadsBackEqual() {
        CheckpointEntry put = put();
        String line = put.toJsonLine();
        assertThat(line).doesNotContain("\n").startsWith("{\"objectKey\":\"bk/Orders/acme/0cc1")
                .contains("\"keys\":{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"1\"}}")
                .contains("\"otherVersionIds\":[\"v3\"]").contains("\"origin\":\"change-log\"");
        assertThat(CheckpointEntry.parse(line)).isEqualTo(put);
        assertThat(CheckpointEntry.parse(line).itemName()).isEqualTo("0cc175b9c0f1b6a831c399e269772661");
        // An absent object: a DELETE without version; a change not timed by the change log has no key or sequence.
        CheckpointEntry absent = new CheckpointEntry("bk/Orders/x", null, null, Action.DELETE, null, List.of(), null,
                null, null, T0, false, "last-modified", null);
        assertThat(CheckpointEntry.parse(absent.toJsonLine())).isEqualTo(absent);
        assertThat(CheckpointEntry.parse(absent.toJsonLine()).keys()).isNull();
        assertThat(CheckpointEntry.parse(absent.toJsonLine()).sequence()).isNull();
    }

    @Test
    void aLogModeEntryCarriesItsImageInsteadOfAVersion() {
        String image = "{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"1\"},\"v\":{\"L\":[{\"NULL\":true}]}}";
        CheckpointEntry put = put(null, List.of(), image);
        String line = put.toJsonLine();
        assertThat(line).doesNotContain("\n").doesNotContain("\"versionId\":\"").endsWith(",\"image\":" + image + "}");
        assertThat(CheckpointEntry.parse(line)).isEqualTo(put);
        assertThat(CheckpointEntry.parse(line).image()).isEqualTo(image);
        // Entries of the objects mode keep their bytes: no image field.
        assertThat(put().toJsonLine()).doesNotContain("\"image\"");
        assertThatThrownBy(() -> new CheckpointEntry("bk/Orders/x", null, null, Action.DELETE, null, List.of(), null,
                null, null, T0, false, "change-log", image)).hasMessageContaining("only a PUT entry carries an image");
    }

    @Test
    void aLineThatIsNoEntryIsRefusedSayingWhy() {
        assertThatThrownBy(() -> CheckpointEntry.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> CheckpointEntry.parse("{\"objectKey\":")).hasMessageContaining("not JSON");
        String line = put().toJsonLine();
        assertThatThrownBy(() -> CheckpointEntry.parse(line.replace("\"PUT\"", "\"MOVE\"")))
                .hasMessageContaining("action must be PUT or DELETE");
        assertThatThrownBy(() -> CheckpointEntry.parse(line.replace("\"versionId\":\"v2\"", "\"versionId\":null")))
                .hasMessageContaining("a PUT entry must name its version or carry its image");
        assertThatThrownBy(() -> CheckpointEntry.parse(line.replace("4421584500000000017450439091", "12a")))
                .hasMessageContaining("sequenceNumber must be decimal digits");
        assertThatThrownBy(() -> CheckpointEntry.parse(line.replace("change-log", "guess")))
                .hasMessageContaining("origin must be");
    }

    static CheckpointManifest manifest(Instant time, Instant previous, Duration retention) {
        return new CheckpointManifest("Orders", time, time.plusSeconds(60), time.plusSeconds(90), previous, true, 2,
                List.of("bk/Orders/acme/", "bk/Orders/globex/"), "2026-11-19T09:00:00Z", 12, "bk/Orders/_changes/x.jsonl",
                retention, 10, 2, List.of(new CheckpointManifest.PartFile("0c", "bk/Orders/_checkpoints/x/part-0c.jsonl.gz",
                        12, 345, "ab".repeat(32))));
    }

    @Test
    void aManifestReadsBackAndAnotherFormatIsRefused() {
        CheckpointManifest m = manifest(T0, T0.minus(Duration.ofDays(1)), Duration.ofDays(30));
        CheckpointManifest back = CheckpointManifest.parse(m.toJson());
        assertThat(back.toJson()).isEqualTo(m.toJson());
        assertThat(back.entries()).isEqualTo(12);
        assertThat(back.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).contains("\"format\" : 1").contains("\"sha256\"");
        assertThatThrownBy(() -> CheckpointManifest.parse(new String(m.toJson(), StandardCharsets.UTF_8)
                .replace("\"format\" : 1", "\"format\" : 2").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("this version reads format 1");
        assertThatThrownBy(() -> CheckpointManifest.parse("{}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("format");
    }

    @Test
    void changeLogsAreReadFromTheHourOfTheEarlierOfT0AndTheBuildLessTheLatenessBound() {
        // Built after T0: read from T0 less 25 hours (lines later than T0 can sit in a batch begun a day before).
        assertThat(Checkpoints.changeLogsFrom(manifest(T0, null, null))).isEqualTo(Instant.parse("2026-11-19T09:00:00Z"));
        // Built before its T0 would be (a checkpoint "at" a time the build began before): from the build less 25 hours.
        CheckpointManifest early = new CheckpointManifest("Orders", T0, T0.minus(Duration.ofHours(3)), T0, null, true, 2,
                List.of(), null, 0, null, null, 0, 0, List.of());
        assertThat(Checkpoints.changeLogsFrom(early)).isEqualTo(Instant.parse("2026-11-19T06:00:00Z"));
        // That hour's folder sorts before every change log of that hour and later ones.
        BackupLayout layout = BackupLayout.withPrefix("bk");
        String start = layout.changeLogHour("Orders", Checkpoints.changeLogsFrom(manifest(T0, null, null)));
        assertThat(start).isEqualTo("bk/Orders/_changes/2026/11/19/09");
        assertThat(layout.changeLogKey("Orders", Instant.parse("2026-11-19T09:00:00Z"), "1", "r")).isGreaterThan(start);
        assertThat(layout.changeLogKey("Orders", Instant.parse("2026-11-19T08:59:59Z"), "1", "r")).isLessThan(start);
    }

    @Test
    void checkpointFoldersAreNamedByTheirTimeToTheSecond() {
        BackupLayout layout = BackupLayout.withPrefix("bk");
        assertThat(layout.checkpointFolder("Orders", T0)).isEqualTo("bk/Orders/_checkpoints/20261120T101500Z/");
        assertThat(BackupLayout.checkpointTime("20261120T101500Z")).isEqualTo(T0);
        assertThat(BackupLayout.checkpointTime("manifest.json")).isNull();
    }

    @Test
    void theEarliestRestorableTimeIsTheOldestKeptCheckpointWhenOlderOnesExpiredAndNowLessTheRetention() {
        Clock now = Clock.fixed(Instant.parse("2026-12-31T00:00:00Z"), ZoneOffset.UTC);
        Instant day1 = Instant.parse("2026-11-01T00:00:00Z");
        Instant day2 = Instant.parse("2026-11-02T00:00:00Z");
        // Kept forever: no checkpoint expired, no retention recorded.
        assertThat(Checkpoints.earliestRestorable(List.of(day1, day2), Optional.of(manifest(day1, null, null)),
                Optional.of(manifest(day2, day1, null)), now)).isEmpty();
        // The oldest kept was built on one that is gone: history before it is expired.
        assertThat(Checkpoints.earliestRestorable(List.of(day2), Optional.of(manifest(day2, day1, null)),
                Optional.of(manifest(day2, day1, null)), now)).contains(day2);
        // A recorded retention: now less it, when later.
        assertThat(Checkpoints.earliestRestorable(List.of(day2), Optional.of(manifest(day2, day1, null)),
                Optional.of(manifest(day2, day1, Duration.ofDays(30))), now)).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Checkpoints.earliestRestorable(List.of(day1, day2), Optional.of(manifest(day1, null, null)),
                Optional.of(manifest(day2, day1, Duration.ofDays(365))), now)).contains(Instant.parse("2025-12-31T00:00:00Z"));
    }
}
