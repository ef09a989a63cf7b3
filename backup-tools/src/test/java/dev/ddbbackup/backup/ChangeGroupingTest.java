package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.backup.ChangeGrouping.LoggedChange;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule every timeline source groups change-log lines by: eventID, action and object key make one change. */
class ChangeGroupingTest {

    private static final ItemKey KEY = ItemKey.of(Map.of("id", KeyValue.string("x")));
    private static final String OBJECT = "bk/Orders/acme/" + KEY.md5Hex();
    private static final String OTHER_OBJECT = "bk/Orders/beta/" + KEY.md5Hex();
    private static final Instant T = Instant.parse("2025-11-20T00:00:00Z");

    private static ChangeLogEntry line(String eventId, Action action, String objectKey, String versionId) {
        return new ChangeLogEntry("Orders", eventId, action == Action.PUT ? "MODIFY" : "REMOVE", action, "100", T, KEY,
                objectKey, null, versionId, false, null);
    }

    @Test
    void deliveriesOfOneEventActionAndObjectAreOneChangeInTheOrderFirstRead() {
        List<LoggedChange> changes = ChangeGrouping.group(List.of(
                line("e2", Action.PUT, OBJECT, "v1"),
                line("e1", Action.PUT, OBJECT, "v2"),
                line("e2", Action.PUT, OBJECT, "v3"),
                line("e2", Action.PUT, OBJECT, null),
                line("e2", Action.DELETE, OBJECT, "m1"),
                line("e2", Action.PUT, OTHER_OBJECT, "v4")));
        assertThat(changes).hasSize(4);
        assertThat(changes.get(0).deliveries()).hasSize(3);
        assertThat(changes.get(0).namedVersionIds()).containsExactly("v1", "v3");
        assertThat(changes.get(1).first().eventId()).isEqualTo("e1");
        assertThat(changes.get(2).isPut()).isFalse();
        assertThat(changes.get(3).first().objectKey()).isEqualTo(OTHER_OBJECT);
        assertThat(changes.get(0).key()).isEqualTo(ChangeGrouping.eventKey("e2", Action.PUT, OBJECT));
    }

    @Test
    void aChangeIsCopiedFromItsFirstLine() {
        LoggedChange change = ChangeGrouping.group(List.of(line("e1", Action.DELETE, OBJECT, "m1"))).get(0);
        Change c = change.change().versionId("m1").build();
        assertThat(c.time()).isEqualTo(T);
        assertThat(c.eventId()).isEqualTo("e1");
        assertThat(c.objectKey()).isEqualTo(OBJECT);
        assertThat(c.isPut()).isFalse();
        assertThat(c.origin()).isEqualTo(Change.Origin.CHANGE_LOG);
        assertThat(c.eventName()).isEqualTo("REMOVE");
    }
}
