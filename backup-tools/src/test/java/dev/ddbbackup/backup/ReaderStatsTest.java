package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reports print the reader's counts by name, sorted, the checkpoint ones only when a checkpoint was read. */
class ReaderStatsTest {

    @Test
    void namedCountsAsReportsPrintThem() {
        ReaderStats full = new ReaderStats(1, 0, 0, 2, 3, 4, 5, 6, false, 7, 8, 9);
        assertThat(full.toMap()).containsExactly(
                org.assertj.core.api.Assertions.entry("changeLogLines", 2L),
                org.assertj.core.api.Assertions.entry("changeLogObjects", 1L),
                org.assertj.core.api.Assertions.entry("listRequests", 4L),
                org.assertj.core.api.Assertions.entry("loggedVersionsMissing", 6L),
                org.assertj.core.api.Assertions.entry("metadataHeads", 5L),
                org.assertj.core.api.Assertions.entry("versionsListed", 3L));
        ReaderStats fromCheckpoint = new ReaderStats(1, 0, 0, 2, 0, 0, 5, 6, true, 7, 8, 9);
        assertThat(fromCheckpoint.toMap()).containsEntry("checkpointEntries", 7L).containsEntry("checkpointFilesRead", 8L)
                .containsEntry("checkpointLateLines", 9L).hasSize(9);
        ReaderStats logMode = new ReaderStats(1, 3, 4096, 2, 0, 0, 5, 6, false, 0, 0, 0);
        assertThat(logMode.toMap()).containsEntry("logSegments", 3L).containsEntry("logSegmentBytes", 4096L).hasSize(8);
    }
}
