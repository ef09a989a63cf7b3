package dev.ddbbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.backup.BackupView;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

    @Test
    void warnsWhenLoggedVersionsAreGoneFromTheBucket() {
        RestoreReport report = new RestoreReport("Orders", "OrdersRestored", Instant.parse("2026-11-23T10:00:00Z"), false);
        assertThat(report.toHuman()).doesNotContain("WARNING");

        report.readerStats = Map.of(BackupView.LOGGED_VERSIONS_MISSING, 3L);

        assertThat(report.toHuman()).contains("WARNING: 3 changes in the change log have no object version in the bucket");
        assertThat(report.toJson()).contains("\"loggedVersionsMissing\" : 3");
    }
}
