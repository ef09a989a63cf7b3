package dev.ddbbackup.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job travels to the workers as JSON and must come back as the same value, whatever its kind. */
class JobJsonTest {

    private static final BackupRead BACKUP = new BackupRead(new BackupLocation("b", "bk", "Orders"),
            PartitionWidth.P4096, TimeSource.CHANGE_LOG, false, 48);
    private static final Instant T = Instant.parse("2026-11-20T10:15:00Z");

    @Test
    void everyKindOfJobSurvivesTheRoundTripUnchanged() {
        List<Job> jobs = List.of(
                new RestoreJobSpec(BACKUP, T, "acme", JobJson.parseKey("{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"1\"}}"),
                        "OrdersRestored", true, false, false, true, true, true, 500),
                new RestoreJobSpec(BACKUP, T, null, null, "New", false, true, false, false, false, false, 0).tableCreated(),
                new RevertJobSpec(BACKUP, T.minusSeconds(1200), T, "acme",
                        JobJson.parseKey("{\"id\":{\"S\":\"a\"}}"), "Orders", false, true, 250, 12),
                new RevertJobSpec(BACKUP, T.minusSeconds(60), T, null, null, "OrdersCopy", false, false, 0, 8).asDryRun(),
                new ChangesJobSpec(BACKUP, T.minusSeconds(1200), T, "acme", JobJson.parseKey("{\"id\":{\"S\":\"a\"}}")),
                new ChangesJobSpec(BackupRead.of(new BackupLocation("b", "", "Items")), T.minusSeconds(60), T, null, null),
                new SnapshotJobSpec(BACKUP, T, "acme", "s3://jobs/snap/", 4096, false, false),
                new VerifyJobSpec(BACKUP, null, "acme", "tenant", 8, 100),
                VerifyJobSpec.latest(BackupRead.of(new BackupLocation("b", "", "Items")), 1).at(T));
        for (Job job : jobs) {
            assertThat(JobJson.fromJson(JobJson.toJson(job))).as(job.toString()).isEqualTo(job);
        }
    }

    @Test
    void aRevertRunsOnTheRestoreStateMachineAndNeedsItsWindowsStart() {
        RevertJobSpec revert = new RevertJobSpec(BACKUP, T.minusSeconds(60), T, null, null, "Orders", false, false, 0, 8);
        assertThat(revert.kind().runsOn()).isEqualTo(JobKind.RESTORE);
        assertThat(revert.time()).isEqualTo(T);
        assertThatThrownBy(() -> JobJson.fromJson(JobJson.toJson(revert).without("from")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'from'");
        assertThatThrownBy(() -> new RevertJobSpec(BACKUP, T, T, null, null, "Orders", false, false, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
    }

    @Test
    void aChangesListingRunsOnTheRestoreStateMachineAndNeedsItsWindowsStart() {
        ChangesJobSpec changes = new ChangesJobSpec(BACKUP, T.minusSeconds(60), T, null, null);
        assertThat(changes.kind().runsOn()).isEqualTo(JobKind.RESTORE);
        assertThat(JobKind.parse("changes")).isEqualTo(JobKind.CHANGES);
        assertThatThrownBy(() -> JobJson.fromJson(JobJson.toJson(changes).without("from")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'from'");
        assertThatThrownBy(() -> new ChangesJobSpec(BACKUP, T, T, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
    }

    @Test
    void aJobWithoutItsBackupIsRefusedNamingTheField() {
        assertThatThrownBy(() -> JobJson.fromJson(JobJson.toJson(SnapshotJobSpec.of(BACKUP, T, "out")).without("bucket")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bucket'");
    }

    @Test
    void aSegmentIsEveryCountthPartitionOrTheOnesLeftAndSharesTheCapsOnlyWhenFannedOut() {
        assertThat(Segment.of(1, 4).partitionIds(PartitionWidth.P16)).containsExactly("1", "5", "9", "d");
        assertThat(Segment.fannedOut(0, 2, List.of("00a")).partitionIds(PartitionWidth.P4096)).containsExactly("00a");
        assertThat(Segment.all().partitionIds(PartitionWidth.P256)).hasSize(256);
        assertThat(Segment.of(0, 4).share(100)).isEqualTo(100);
        assertThat(Segment.fannedOut(0, 4, null).share(100)).isEqualTo(25);
        assertThat(Segment.fannedOut(0, 4, null).share(0)).isZero();
    }
}
