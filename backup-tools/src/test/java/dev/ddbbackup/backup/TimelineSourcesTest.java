package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalServers;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The two {@link TimelineSource}s of one bucket, the full history and a checkpoint plus the change
 * logs since it, give every item the same state (change and image) at the checkpoint's time and
 * after it.
 */
class TimelineSourcesTest {

    static S3Client s3;
    static BackupFixture backup;

    @BeforeAll
    static void backupWithACheckpoint() throws Exception {
        s3 = LocalServers.s3();
        backup = BackupFixture.create(LocalServers.dynamoDb(), s3, "Sourced", "timeline-sources", 12);
        CheckpointReport built = new CheckpointJob(reader(false), Clock.systemUTC())
                .run(backup.table, BackupFixture.T1.plusSeconds(30), null, 2, Progress.none());
        assertThat(built.outcome).as(String.valueOf(built.message) + " " + built.problems).isEqualTo(CheckpointReport.Outcome.WRITTEN);
    }

    static BackupReader reader(boolean useCheckpoints) {
        return new BackupRead(new BackupLocation(backup.bucket, BackupFixture.PREFIX, backup.table), PartitionWidth.P16,
                TimeSource.AUTO, useCheckpoints, 32).reader(s3);
    }

    @Test
    void theFullHistoryAndTheCheckpointGiveTheSameStates() {
        for (Instant t : new Instant[] {BackupFixture.T1.plusSeconds(30), BackupFixture.T2.plusSeconds(30), Instant.MAX}) {
            try (BackupView full = reader(false).openAt(BackupScope.all(), t);
                 BackupView fromCheckpoint = reader(true).openAt(BackupScope.all(), t)) {
                assertThat(full.checkpoint()).isEmpty();
                assertThat(fromCheckpoint.checkpoint()).isPresent();
                assertThat(fromCheckpoint.source().listsVersions()).isFalse();
                assertThat(full.source().listsVersions()).isTrue();
                Map<String, String> a = states(full, t);
                assertThat(a).as("items at " + t).isNotEmpty();
                assertThat(states(fromCheckpoint, t)).as("at " + t).isEqualTo(a);
                assertThat(fromCheckpoint.stats().versionsListed()).isZero();
                assertThat(fromCheckpoint.stats().checkpointEntries()).isPositive();
            }
        }
    }

    /** Per item, its change in force at {@code t} and, for a PUT, its checked image. */
    private static Map<String, String> states(BackupView view, Instant t) {
        Map<String, String> out = new TreeMap<>();
        for (Partition p : view.partitions()) {
            for (ItemTimeline item : view.read(p)) {
                Optional<Change> latest = item.latestAt(t);
                if (latest.isEmpty()) {
                    continue;
                }
                Change c = latest.get();
                String state = c.action() + " " + c.objectKey() + " " + c.eventId() + " " + c.time() + " " + c.sequence();
                if (c.isPut()) {
                    CheckedImage image = view.checkedImage(item, c, null);
                    assertThat(image.ok()).as(String.valueOf(image.problem())).isTrue();
                    state += " " + new TreeMap<>(image.item());
                }
                out.put(item.itemName(), state);
            }
        }
        return out;
    }
}
