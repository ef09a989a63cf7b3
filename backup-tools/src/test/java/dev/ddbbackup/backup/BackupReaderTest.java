package dev.ddbbackup.backup;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

class BackupReaderTest {

    @RegisterExtension
    static final S3MockExtension S3 = LocalS3.extension();

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void timelinesFromTheChangeLogAcrossATenantMove() {
        S3Client s3 = LocalS3.client(S3);
        LocalS3.createVersionedBucket(s3, "reader-move");
        BackupHandler handler = new BackupHandler(
                BackupConfig.builder().bucket("reader-move").prefix("bk").multiTenancyColumn("tenant").build(), s3,
                () -> { throw new IllegalStateException("no DynamoDB in this test: _table.json is skipped with a warning"); }, new JsonLog(QUIET, JsonLog.Level.INFO), new EmfMetrics(QUIET));
        Events ev = new Events("Orders");
        var k = item("id", s("a"));
        var v1 = item("id", s("a"), "tenant", s("acme"), "v", n("1"));
        var v2 = item("id", s("a"), "tenant", s("beta"), "v", n("2"));
        handler.handleRequest(Events.event(ev.at(T0).insert(k, v1)), null);
        handler.handleRequest(Events.event(ev.at(T0.plusSeconds(10)).modify(k, v1, v2)), null);
        // A retried batch: the same record delivered twice.
        var remove = ev.at(T0.plusSeconds(20)).remove(k, v2);
        handler.handleRequest(Events.event(remove), null);
        handler.handleRequest(Events.event(remove), null);

        BackupReader reader = BackupRead.of(new BackupLocation("reader-move", "bk", "Orders")).reader(s3);
        try (BackupView view = reader.open(BackupScope.all())) {
            assertThat(view.timeSource()).isEqualTo(TimeSource.CHANGE_LOG);
            assertThat(view.folders()).containsExactlyInAnyOrder("bk/Orders/acme/", "bk/Orders/beta/");
            List<ItemTimeline> items = new ArrayList<>();
            view.partitions().forEach(p -> items.addAll(view.read(p)));
            assertThat(items).hasSize(1);
            ItemTimeline item = items.get(0);
            assertThat(item.key()).isEqualTo(DynamoJson.eventKey(k));
            assertThat(item.changes()).extracting(c -> c.action() + " " + c.tenant())
                    .containsExactly("PUT acme", "DELETE acme", "PUT beta", "DELETE beta");
            assertThat(item.latestAt(T0.plusSeconds(10)).orElseThrow().tenant()).isEqualTo("beta");
            assertThat(item.latestAt(T0.plusSeconds(10)).orElseThrow().action()).isEqualTo(Action.PUT);
            assertThat(new String(view.image(item.latestAt(T0.plusSeconds(15)).orElseThrow())))
                    .contains("\"v\":{\"N\":\"2\"}");
            assertThat(item.latestAt(T0.minusSeconds(1))).isEmpty();
            assertThat(item.latestAt(T0.plusSeconds(20)).orElseThrow().action()).isEqualTo(Action.DELETE);
        }
        try (BackupView view = reader.open(BackupScope.tenant("acme"))) {
            List<ItemTimeline> items = new ArrayList<>();
            view.partitions().forEach(p -> items.addAll(view.read(p)));
            assertThat(items).hasSize(1);
            assertThat(items.get(0).latestAt(T0.plusSeconds(30)).orElseThrow().movedOut()).isTrue();
        }
    }
}
