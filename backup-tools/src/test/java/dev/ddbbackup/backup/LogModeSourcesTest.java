package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.checkpoint.CheckpointEntry;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.restore.ItemImages;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalServers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Log mode read behind the same seam: a backup whose changes are log segments (after a backfill's
 * objects), and one that switched from objects to log between two rounds of changes, restore
 * exactly at every time, from the full history and from checkpoints (whose entries then carry the
 * images), and a time window reads only the segments of its hours.
 */
class LogModeSourcesTest {

    private static int runs;

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"LOG, LOG", "OBJECTS, LOG"})
    void everyTimeRestoresExactlyAcrossTheModes(StorageMode atT1, StorageMode atT2) throws Exception {
        S3Client s3 = LocalServers.s3();
        String name = "LogMode" + (++runs) + atT1.configName();
        BackupFixture backup = BackupFixture.create(LocalServers.dynamoDb(), s3, name, "log-mode-" + runs + "-"
                + atT1.configName(), 12, atT1, atT2);
        BackupReader full = new BackupRead(new BackupLocation(backup.bucket, BackupFixture.PREFIX, backup.table), PartitionWidth.P16,
                TimeSource.AUTO, false, 32).reader(s3);
        Map<Instant, Map<String, Map<String, AttributeValue>>> expected = new TreeMap<>();
        expected.put(BackupFixture.T0.plusSeconds(30), backup.atT0);
        expected.put(BackupFixture.T1.plusSeconds(30), backup.atT1);
        expected.put(BackupFixture.T2.plusSeconds(30), backup.atT2);
        for (Map.Entry<Instant, Map<String, Map<String, AttributeValue>>> e : expected.entrySet()) {
            try (BackupView view = full.openAt(BackupScope.all(), e.getKey())) {
                assertThat(view.problems()).isEmpty();
                assertThat(view.stats().logSegments()).as("log segments read").isPositive();
                assertThat(states(view, e.getKey())).as("full history at " + e.getKey()).isEqualTo(canonical(e.getValue()));
            }
        }

        BackupReader fromCheckpoints = BackupRead.of(new BackupLocation(backup.bucket, BackupFixture.PREFIX, backup.table))
                .reader(s3);
        for (Instant t0 : List.of(BackupFixture.T1.plusSeconds(30), BackupFixture.T2.plusSeconds(30))) {
            CheckpointReport built = new CheckpointJob(fromCheckpoints, Clock.systemUTC()).run(backup.table, t0, null, 2,
                    Progress.none());
            assertThat(built.outcome).as(built.message + " " + built.problems).isEqualTo(CheckpointReport.Outcome.WRITTEN);
        }
        CheckpointManifest last = full.checkpoints().manifest(BackupFixture.T2.plusSeconds(30));
        assertThat(last.previous()).as("built on the checkpoint before it").isEqualTo(BackupFixture.T1.plusSeconds(30));
        List<CheckpointEntry> entries = new ArrayList<>();
        last.files().forEach(f -> full.checkpoints().read(f, entries::add));
        assertThat(entries).as("log mode's entries carry their images").anyMatch(c -> c.image() != null && c.versionId() == null);

        for (Map.Entry<Instant, Map<String, Map<String, AttributeValue>>> e : expected.entrySet()) {
            if (e.getKey().isBefore(BackupFixture.T1)) {
                continue;
            }
            try (BackupView view = fromCheckpoints.openAt(BackupScope.all(), e.getKey())) {
                assertThat(view.checkpoint()).isPresent();
                assertThat(view.problems()).isEmpty();
                assertThat(states(view, e.getKey())).as("from " + view.describeSource()).isEqualTo(canonical(e.getValue()));
            }
        }
        try (BackupView latest = fromCheckpoints.openAt(BackupScope.all(), Instant.MAX)) {
            assertThat(states(latest, Instant.MAX)).isEqualTo(canonical(backup.atT2));
        }

        // A window up to T1 reads only the segments filed up to T1's hour: none of T2's.
        try (BackupView all = full.open(BackupScope.all());
             BackupView window = full.openWindow(BackupScope.all(), BackupFixture.T1, BackupFixture.T1.plusSeconds(30))) {
            long segments = all.stats().logSegments();
            if (atT1 == StorageMode.LOG) {
                assertThat(window.stats().logSegments()).isPositive().isLessThan(segments);
                assertThat(window.stats().logSegmentBytes()).isPositive().isLessThan(all.stats().logSegmentBytes());
            } else {
                assertThat(window.stats().logSegments()).isZero();
            }
        }
    }

    /** {@code history --from --to} shows the window's changes and says what it read: in log mode only its hours' segments. */
    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"LOG, LOG", "OBJECTS, LOG"})
    void historyInAWindowReadsOnlyItsHoursAndSaysSo(StorageMode atT1, StorageMode atT2) throws Exception {
        String name = "LogHistory" + (++runs) + atT1.configName();
        String bucket = "log-history-" + runs + "-" + atT1.configName();
        BackupFixture.create(LocalServers.dynamoDb(), LocalServers.s3(), name, bucket, 12, atT1, atT2);
        LocalServers.credentialsForCommandLines();
        Cli.Run r = Cli.run("history", "--bucket", bucket, "--prefix", BackupFixture.PREFIX, "--table", name,
                "--key", "{\"id\":{\"S\":\"item-1\"},\"range\":{\"N\":\"1\"}}", "--json",
                "--from", BackupFixture.T1.toString(), "--to", BackupFixture.T1.plusSeconds(30).toString(),
                "--s3-endpoint", LocalServers.s3Endpoint().toString(), "--region", "us-east-1");
        assertThat(r.exit).as(r.toString()).isZero();
        List<String> times = new ArrayList<>();
        r.json().forEach(row -> times.add(row.get("time").asText()));
        assertThat(times).as("the change at T1 only").containsExactly(BackupFixture.T1.toString());
        // T2's segment is filed in a later hour than the window's: not read.
        assertThat(r.err).contains(atT1 == StorageMode.LOG ? " 1 log segments (" : " 0 log segments (");
    }

    /** Canonical key JSON → canonical item of the fixture's expected state. */
    private static Map<String, String> canonical(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, DynamoJson.sdkItemToJson(new TreeMap<>(v))));
        return out;
    }

    /** Canonical key JSON → canonical item of every item present at {@code t}, its image checked. */
    private static Map<String, String> states(BackupView view, Instant t) {
        Map<String, String> out = new TreeMap<>();
        for (Partition p : view.partitions()) {
            for (ItemTimeline item : view.read(p)) {
                Optional<Change> latest = item.latestAt(t);
                if (latest.isEmpty() || !latest.get().isPut()) {
                    continue;
                }
                CheckedImage image = view.checkedImage(item, latest.get(), null);
                assertThat(image.ok()).as(String.valueOf(image.problem())).isTrue();
                Map<String, AttributeValue> sdk = ItemImages.toItem(image.item());
                out.put(BackupFixture.key(sdk), DynamoJson.sdkItemToJson(new TreeMap<>(sdk)));
            }
        }
        return out;
    }
}
