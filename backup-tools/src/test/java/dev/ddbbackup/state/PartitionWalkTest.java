package dev.ddbbackup.state;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** The walk hands each item's state at the time to its visitor: present with its image, absent (with its key), moved out. */
class PartitionWalkTest {

    @RegisterExtension
    static final S3MockExtension S3 = LocalS3.extension();

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    static BackupReader reader;

    @BeforeAll
    static void backupWithAMoveAndADelete() {
        S3Client s3 = LocalS3.client(S3);
        LocalS3.createVersionedBucket(s3, "walk");
        BackupHandler handler = new BackupHandler(
                BackupConfig.builder().bucket("walk").prefix("bk").multiTenancyColumn("tenant").build(), s3,
                () -> { throw new IllegalStateException("no DynamoDB in this test: _table.json is skipped with a warning"); },
                new JsonLog(QUIET, JsonLog.Level.INFO), new EmfMetrics(QUIET));
        Events ev = new Events("Orders");
        var a = item("id", s("a"));
        var a1 = item("id", s("a"), "tenant", s("acme"), "v", n("1"));
        var a2 = item("id", s("a"), "tenant", s("beta"), "v", n("2"));
        var b = item("id", s("b"));
        var b1 = item("id", s("b"), "tenant", s("acme"), "v", n("7"));
        handler.handleRequest(Events.event(ev.at(T0).insert(a, a1)), null);
        handler.handleRequest(Events.event(ev.at(T0.plusSeconds(5)).insert(b, b1)), null);
        handler.handleRequest(Events.event(ev.at(T0.plusSeconds(10)).modify(a, a1, a2)), null);
        handler.handleRequest(Events.event(ev.at(T0.plusSeconds(20)).remove(a, a2)), null);
        reader = BackupRead.of(new BackupLocation("walk", "bk", "Orders")).reader(s3);
    }

    /** The kind of each item's state (by its "id"), and for a present item its "v". */
    private static Map<String, String> walk(BackupScope scope, Instant time) {
        Map<String, String> out = new TreeMap<>();
        try (BackupView view = reader.open(scope)) {
            PartitionWalk walk = new PartitionWalk(view, time, 4, null).resolvingAbsentKeys();
            walk.run(2, thread -> new PartitionWalk.Visitor() {
                @Override
                public void present(ItemAtTime.Present item) {
                    put(item.key().canonicalJson(), "present v=" + item.item().get("v").n() + " in " + item.change().tenant());
                }

                @Override
                public void absent(ItemAtTime.Absent item) {
                    put(item.key().canonicalJson(), "absent" + (item.last() == null ? " (not yet)" : " in " + item.tenant())
                            + (item.keyImageRead() ? " (key from its image)" : ""));
                }

                @Override
                public void moved(ItemAtTime.Moved item) {
                    put(item.timeline().key().canonicalJson(), "moved out of " + item.moveOut().tenant());
                }

                private void put(String key, String state) {
                    synchronized (out) {
                        out.put(key, state);
                    }
                }
            }, () -> { }, PartitionGate.always());
            assertThat(walk.timelines()).isEqualTo(out.size());
        }
        return out;
    }

    private static String key(String id) {
        return DynamoJson.eventKey(item("id", s(id))).canonicalJson();
    }

    @Test
    void presentAbsentAndMovedItems() {
        assertThat(walk(BackupScope.all(), T0.minusSeconds(1))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                key("a"), "absent (not yet)", key("b"), "absent (not yet)")));
        assertThat(walk(BackupScope.all(), T0.plusSeconds(15))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                key("a"), "present v=2 in beta", key("b"), "present v=7 in acme")));
        assertThat(walk(BackupScope.tenant("acme"), T0.plusSeconds(15))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                key("a"), "moved out of acme", key("b"), "present v=7 in acme")));
        assertThat(walk(BackupScope.all(), T0.plusSeconds(30))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                key("a"), "absent in beta", key("b"), "present v=7 in acme")));
    }
}
