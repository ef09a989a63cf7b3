package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.checkpoint.CheckpointEntry;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ordering rule on top of a checkpoint: a line counts when its change is ordered after the object's entry. */
class CheckpointTimelinesTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final ItemKey KEY = ItemKey.of(Map.of("id", KeyValue.of(KeyValue.Type.S, "a")));
    static final String NAME = KEY.md5Hex();
    static final String OBJECT = "bk/T/" + NAME;

    static CheckpointEntry entry(String eventId, Instant time, String seq, String versionId) {
        return new CheckpointEntry(OBJECT, null, KEY, Action.PUT, versionId, List.of(), eventId, "MODIFY", seq, time, false,
                "change-log", null);
    }

    static ChangeLogEntry line(String eventId, Action action, Instant time, String seq, String versionId) {
        return new ChangeLogEntry("T", eventId, action == Action.PUT ? "MODIFY" : "REMOVE", action, seq, time, KEY, OBJECT,
                null, versionId, false, null);
    }

    @Test
    void aLateLineAtOrBeforeT0IsAppliedWhenItIsNewerThanTheEntry() {
        CheckpointTimelines timelines = new CheckpointTimelines(T0);
        // The checkpoint saw e1; e2 (also before T0) reached the change logs after it was built.
        List<ItemTimeline> items = timelines.build(List.of(entry("e1", T0.minusSeconds(60), "100", "v1")),
                List.of(line("e2", Action.PUT, T0.minusSeconds(30), "200", "v2")));
        assertThat(items).hasSize(1);
        assertThat(items.get(0).latestAt(T0).orElseThrow().versionId()).isEqualTo("v2");
        assertThat(timelines.lateLines()).isEqualTo(1);
    }

    @Test
    void aLineOfTheEntrysOwnEventOrOfAnOlderChangeIsNotApplied() {
        CheckpointTimelines timelines = new CheckpointTimelines(T0);
        List<ItemTimeline> items = timelines.build(List.of(entry("e2", T0.minusSeconds(30), "200", "v2")), List.of(
                line("e1", Action.DELETE, T0.minusSeconds(60), "100", null),       // older, reached the logs late
                line("e2", Action.PUT, T0.minusSeconds(30), "200", "v2b"),         // another delivery of e2
                line("e3", Action.PUT, T0.minusSeconds(30), "150", "v3")));        // same second, lower sequence
        Change at = items.get(0).latestAt(T0).orElseThrow();
        assertThat(at.eventId()).isEqualTo("e2");
        assertThat(at.versionId()).isEqualTo("v2");
        // The other delivery's version stands in for the image if v2 is gone.
        assertThat(at.otherVersionIds()).containsExactly("v2b");
        assertThat(items.get(0).changes()).hasSize(1);
        assertThat(timelines.lateLines()).isZero();
    }

    @Test
    void changesAfterT0FollowTheEntryInOrderAndDeliveriesAreOneChange() {
        CheckpointTimelines timelines = new CheckpointTimelines(T0);
        List<ItemTimeline> items = timelines.build(List.of(entry("e1", T0.minusSeconds(60), "100", "v1")), List.of(
                line("e4", Action.PUT, T0.plusSeconds(20), "400", "v4"),
                line("e3", Action.DELETE, T0.plusSeconds(10), "300", null),
                line("e4", Action.PUT, T0.plusSeconds(20), "400", "v4b")));
        ItemTimeline item = items.get(0);
        assertThat(item.changes()).extracting(Change::eventId).containsExactly("e1", "e3", "e4");
        assertThat(item.latestAt(T0.plusSeconds(15)).orElseThrow().isPut()).isFalse();
        assertThat(item.latestAt(T0.plusSeconds(25)).orElseThrow().otherVersionIds()).containsExactly("v4b");
        assertThat(item.key()).isEqualTo(KEY);
    }

    @Test
    void anObjectTheCheckpointDoesNotHoldStartsWithItsLines() {
        List<ItemTimeline> items = new CheckpointTimelines(T0).build(List.of(),
                List.of(line("e1", Action.PUT, T0.minusSeconds(5), "100", "v1")));
        assertThat(items).singleElement().satisfies(i -> assertThat(i.latestAt(T0)).isPresent());
        assertThat(items.get(0).latestAt(T0.minusSeconds(6))).isEmpty();
    }
}
