package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import dev.ddbbackup.layout.VersionMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ordering rule, case by case, on listings and change-log lines as the bucket holds them after
 * Lambda delivered records more than once. Stream times are in 2025; every version was written
 * (LastModified) a year later, as when the stream lagged or the tools run long after.
 */
class TimelineBuilderTest {

    private static final String ROOT = "bk/Orders/";
    private static final ItemKey KEY = ItemKey.of(Map.of("id", KeyValue.string("x")));
    private static final String OBJECT = ROOT + KEY.md5Hex();
    private static final Instant T = Instant.parse("2025-11-20T00:00:00Z");
    private static final Instant WRITTEN = Instant.parse("2026-11-27T14:51:00Z");

    private final List<ChangeLogEntry> lines = new ArrayList<>();
    private final List<ListedVersion> versions = new ArrayList<>();
    private final Map<String, VersionMetadata> metadata = new HashMap<>();
    private final List<String> heads = new ArrayList<>();
    private Instant functionSince = WRITTEN.minusSeconds(3600);

    private ItemTimeline build() {
        return new TimelineBuilder(ROOT, true, v -> {
            heads.add(v.versionId);
            return metadata.get(v.versionId);
        }, functionSince).build(KEY.md5Hex(), lines, versions);
    }

    private void line(String eventId, Action action, long seconds, String sequence, String versionId) {
        lines.add(new ChangeLogEntry("Orders", eventId, action == Action.PUT ? "MODIFY" : "REMOVE", action, sequence,
                T.plusSeconds(seconds), KEY, OBJECT, null, versionId, false, null));
    }

    private void version(String versionId, long writtenSecondsLater, long size) {
        versions.add(new ListedVersion(OBJECT, versionId, false, false, WRITTEN.plusSeconds(writtenSecondsLater), size));
    }

    private void marker(String versionId, long writtenSecondsLater) {
        versions.add(new ListedVersion(OBJECT, versionId, true, false, WRITTEN.plusSeconds(writtenSecondsLater), -1));
    }

    private void metadata(String versionId, String eventId, long seconds, String sequence) {
        metadata.put(versionId, VersionMetadata.of(Map.of("event-id", eventId, "event-name", "MODIFY",
                "sequence-number", sequence, "approximate-creation-time", T.plusSeconds(seconds).toString())));
    }

    private static List<String> changes(ItemTimeline t) {
        return t.changes().stream().map(c -> c.action() + " " + c.eventId() + " " + c.versionId() + " " + c.origin()).toList();
    }

    private static List<String> entries(ItemTimeline t) {
        return t.entries().stream().map(e -> e.versionId() + " " + e.status() + " " + e.origin()).toList();
    }

    /** The session: e1 delivered twice (both logged), then e2. */
    @Test
    void bothDeliveriesOfAnEventAreOneChangeAtItsStreamTime() {
        line("e1", Action.PUT, 0, "100", "d7e3");
        line("e1", Action.PUT, 0, "100", "c4f6");
        line("e2", Action.PUT, 60, "200", "c394");
        version("d7e3", 0, 30);
        version("c4f6", 20, 30);
        version("c394", 40, 30);

        ItemTimeline t = build();

        assertThat(changes(t)).containsExactly("PUT e1 d7e3 CHANGE_LOG", "PUT e2 c394 CHANGE_LOG");
        assertThat(entries(t)).containsExactly("d7e3 APPLIED CHANGE_LOG", "c4f6 REDUNDANT CHANGE_LOG",
                "c394 APPLIED CHANGE_LOG");
        assertThat(t.latestAt(WRITTEN.plusSeconds(3600)).orElseThrow().versionId()).isEqualTo("c394");
        assertThat(heads).as("no HEAD for versions a line names").isEmpty();
    }

    /** Whichever delivery's log was read first: the order of lines changes nothing. */
    @Test
    void theOrderOfTheLinesChangesNothing() {
        line("e1", Action.PUT, 0, "100", "c4f6");
        line("e2", Action.PUT, 60, "200", "c394");
        line("e1", Action.PUT, 0, "100", "d7e3");
        version("d7e3", 0, 30);
        version("c4f6", 20, 30);
        version("c394", 40, 30);
        assertThat(changes(build())).containsExactly("PUT e1 d7e3 CHANGE_LOG", "PUT e2 c394 CHANGE_LOG");
    }

    /** The delete variant: a redelivered INSERT never brings the item back after its REMOVE. */
    @Test
    void aRedeliveredInsertBeforeARemoveLeavesTheItemDeleted() {
        line("e1", Action.PUT, 0, "100", "v1");
        line("e1", Action.PUT, 0, "100", "v2");
        line("e2", Action.DELETE, 60, "200", "m1");
        version("v1", 0, 30);
        version("v2", 20, 30);
        marker("m1", 40);

        ItemTimeline t = build();

        assertThat(t.latestAt(WRITTEN.plusSeconds(3600)).orElseThrow().action()).isEqualTo(Action.DELETE);
        assertThat(t.latestAt(T.plusSeconds(30)).orElseThrow().versionId()).isEqualTo("v1");
    }

    /** A delivery whose change log never landed (or whose answer was lost) is the same change, by its metadata. */
    @Test
    void anUnloggedVersionOfALoggedEventIsARedundantDelivery() {
        line("e1", Action.PUT, 0, "100", "v2");
        version("v1", 0, 30);
        version("v2", 20, 30);
        metadata("v1", "e1", 0, "100");

        ItemTimeline t = build();

        assertThat(changes(t)).containsExactly("PUT e1 v2 CHANGE_LOG");
        assertThat(entries(t)).containsExactly("v2 APPLIED CHANGE_LOG", "v1 REDUNDANT METADATA");
        assertThat(heads).containsExactly("v1");
    }

    /** When the logged versions are gone, an unlogged delivery of the same event holds the image. */
    @Test
    void anUnloggedDeliveryStandsInForLoggedVersionsThatAreGone() {
        line("e1", Action.PUT, 0, "100", "gone");
        version("v1", 0, 30);
        metadata("v1", "e1", 0, "100");

        ItemTimeline t = build();

        assertThat(changes(t)).containsExactly("PUT e1 v1 CHANGE_LOG");
        assertThat(t.changes().get(0).imageMissing()).isFalse();
        assertThat(entries(t)).containsExactly("v1 APPLIED METADATA", "gone MISSING CHANGE_LOG");
    }

    /** A logged change whose versions the bucket lacks is still the item's change: missing, never skipped. */
    @Test
    void aLoggedChangeWithoutAnyVersionIsMissingNotSkipped() {
        line("e1", Action.PUT, 0, "100", "v1");
        line("e2", Action.PUT, 60, "200", "gone");
        version("v1", 0, 30);

        ItemTimeline t = build();

        Change latest = t.latestAt(T.plusSeconds(90)).orElseThrow();
        assertThat(latest.eventId()).isEqualTo("e2");
        assertThat(latest.imageMissing()).isTrue();
        assertThat(latest.versionId()).isEqualTo("gone");
    }

    /** No line at all for an event: its metadata times it; LastModified only without metadata. */
    @Test
    void unloggedVersionsAreTimedByMetadataThenLastModified() {
        line("e1", Action.PUT, 0, "100", "v1");
        version("v1", 0, 30);
        version("v2", 10, 30);
        version("v3", 20, 30);
        version("legacy", -7200, 30);
        metadata("v2", "e2", 60, "200");
        metadata("v3", "e2", 60, "200");

        ItemTimeline t = build();

        assertThat(changes(t)).containsExactly("PUT e1 v1 CHANGE_LOG", "PUT e2 v2 METADATA", "PUT null legacy LAST_MODIFIED");
        assertThat(entries(t)).contains("v3 REDUNDANT METADATA");
    }

    @Test
    void unloggedDeleteMarkersRepeatLoggedDeletesExceptOlderOrLoneOnes() {
        line("e1", Action.PUT, 0, "100", "v1");
        line("e2", Action.DELETE, 60, "200", "m2");
        line("e3", Action.PUT, 120, "300", "v3");
        version("v1", 0, 30);
        marker("m1", 10);       // the REMOVE's first delivery, its change log lost
        marker("m2", 30);
        version("v3", 50, 30);
        ItemTimeline t = build();
        assertThat(changes(t)).containsExactly("PUT e1 v1 CHANGE_LOG", "DELETE e2 m2 CHANGE_LOG", "PUT e3 v3 CHANGE_LOG");
        assertThat(entries(t)).contains("m1 REDUNDANT LAST_MODIFIED");
        assertThat(t.latestAt(WRITTEN.plusSeconds(3600)).orElseThrow().eventId()).isEqualTo("e3");

        // A marker older than the function (another tool's delete) is a delete at its LastModified.
        versions.add(new ListedVersion(OBJECT, "old", true, false, functionSince.minusSeconds(60), -1));
        assertThat(changes(build())).contains("DELETE null old LAST_MODIFIED");
    }

    /** S3Mock answers a DeleteObject with the id of the version it hid: that names no marker. */
    @Test
    void aDeleteLineNamingAPutVersionNamesNoMarker() {
        line("e1", Action.PUT, 0, "100", "v1");
        line("e2", Action.DELETE, 60, "200", "v1");
        version("v1", 0, 30);
        marker("m1", 10);

        ItemTimeline t = build();

        assertThat(changes(t)).containsExactly("PUT e1 v1 CHANGE_LOG", "DELETE e2 v1 CHANGE_LOG");
        assertThat(entries(t)).containsExactly("v1 APPLIED CHANGE_LOG", "v1 APPLIED CHANGE_LOG", "m1 REDUNDANT LAST_MODIFIED");
        assertThat(t.entries().get(1).note()).contains("the id of the version the delete hid");
    }

    @Test
    void deliveriesOfOneEventWithDifferentImagesAreFlagged() {
        line("e1", Action.PUT, 0, "100", "v1");
        line("e1", Action.PUT, 0, "100", "v2");
        version("v1", 0, 30);
        version("v2", 10, 31);
        assertThat(build().changes().get(0).deliveriesDiffer()).contains("v1 (30 bytes)").contains("v2 (31 bytes)");
    }
}
