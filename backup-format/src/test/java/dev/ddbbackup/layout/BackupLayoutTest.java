package dev.ddbbackup.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackupLayoutTest {

    @ParameterizedTest
    @CsvSource(value = {
        "NULL, ''", "'', ''", "'  ', ''", "/, ''", "bk, bk", "/bk/, bk", "//a//b///, a/b", " a/b/ , a/b",
    }, nullValues = "NULL")
    void prefixIsNormalised(String given, String expected) {
        assertThat(BackupLayout.withPrefix(given).prefix()).isEqualTo(expected);
    }

    @Test
    void objectKeysHaveNoLeadingOrDoubledSlashes() {
        assertThat(BackupLayout.withPrefix(null).objectKey("Orders", null, "abc")).isEqualTo("Orders/abc");
        assertThat(BackupLayout.withPrefix("").objectKey("Orders", "", "abc")).isEqualTo("Orders/abc");
        assertThat(BackupLayout.withPrefix("/bk/").objectKey("Orders", null, "abc")).isEqualTo("bk/Orders/abc");
        assertThat(BackupLayout.withPrefix("a//b").objectKey("Orders", "acme", "abc")).isEqualTo("a/b/Orders/acme/abc");
        assertThat(BackupLayout.withPrefix(null).objectKey("Orders", "acme", "abc")).isEqualTo("Orders/acme/abc");
    }

    @Test
    void tableAndItemIdAreRequired() {
        BackupLayout layout = BackupLayout.withPrefix("bk");
        assertThatThrownBy(() -> layout.objectKey("", null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.objectKey("T", null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.objectKey(null, null, "x")).isInstanceOf(NullPointerException.class);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".", "..", "a/../b", "a/./b", "Or/ders", "ab"})
    void noDotSegmentInTablesOrThePrefix(String name) {
        assertThatThrownBy(() -> BackupLayout.withPrefix("bk").tableRoot(name)).isInstanceOf(IllegalArgumentException.class);
        if (name.contains(".")) {
            assertThatThrownBy(() -> BackupLayout.withPrefix(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'.' or '..'");
        }
    }

    @Test
    void changeLogKeyIsFiledUnderTheHourOfTheFirstRecord() {
        String key = BackupLayout.withPrefix("bk").changeLogKey("Orders", Instant.parse("2026-11-20T09:05:07.900Z"),
                "4421584500000000017450459000", "req-1");
        assertThat(key).isEqualTo(
                "bk/Orders/_changes/2026/11/20/09/20261120T090507Z-4421584500000000017450459000-req-1.jsonl");
        assertThat(BackupLayout.withPrefix(null).changeLogKey("Tab", Instant.parse("2026-01-02T23:59:59Z"), "1", "r"))
                .isEqualTo("Tab/_changes/2026/01/02/23/20260102T235959Z-1-r.jsonl");
        assertThat(key).startsWith(BackupLayout.withPrefix("bk").changeLogRoot("Orders"));
    }

    @Test
    void logSegmentKeyFollowsTheChangeLogRuleUnderLog() {
        BackupLayout layout = BackupLayout.withPrefix("bk");
        Instant t = Instant.parse("2026-11-20T09:05:07.900Z");
        assertThat(layout.logSegmentKey("Orders", t, "4421", "req-1"))
                .isEqualTo("bk/Orders/_log/2026/11/20/09/20261120T090507Z-4421-req-1.jsonl.gz");
        assertThat(layout.logSegmentKey("Orders", t, "4421", "req-1", 2))
                .isEqualTo("bk/Orders/_log/2026/11/20/09/20261120T090507Z-4421-req-1-2.jsonl.gz");
        assertThatThrownBy(() -> layout.logSegmentKey("Orders", t, "4421", "req-1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(layout.logRoot("Orders")).isEqualTo("bk/Orders/_log/");
        assertThat(layout.logHour("Orders", t)).isEqualTo("bk/Orders/_log/2026/11/20/09");
        assertThat(layout.logSegmentKey("Orders", t, "4421", "req-1")).startsWith(layout.logHour("Orders", t) + "/");
        assertThat(layout.isLayoutFile("Orders", layout.logSegmentKey("Orders", t, "4421", "req-1"))).isTrue();
        assertThat(BackupLayout.withPrefix(null).logSegmentKey("Tab", Instant.parse("2026-01-02T23:59:59Z"), "1", "r"))
                .isEqualTo("Tab/_log/2026/01/02/23/20260102T235959Z-1-r.jsonl.gz");
    }

    @Test
    void quarantineAndTableDescriptionKeys() {
        BackupLayout layout = BackupLayout.withPrefix("bk");
        assertThat(layout.quarantineKey("Orders", "a175ccdb")).isEqualTo("bk/Orders/_quarantine/a175ccdb.json");
        assertThat(layout.quarantineKey("Orders", "a/b")).isEqualTo("bk/Orders/_quarantine/a%2Fb.json");
        assertThat(layout.tableDescriptionKey("Orders")).isEqualTo("bk/Orders/_table.json");
        assertThat(BackupLayout.withPrefix(null).tableDescriptionKey("Orders")).isEqualTo("Orders/_table.json");
    }

    @Test
    void layoutFilesAreTheUnderscoreNamesBelowTheTableRoot() {
        BackupLayout layout = BackupLayout.withPrefix("bk");
        assertThat(layout.isLayoutFile("Orders", "bk/Orders/_table.json")).isTrue();
        assertThat(layout.isLayoutFile("Orders", "bk/Orders/_changes/2026/11/20/09/x.jsonl")).isTrue();
        assertThat(layout.isLayoutFile("Orders", "bk/Orders/_quarantine/e.json")).isTrue();
        assertThat(layout.isLayoutFile("Orders", "bk/Orders/bf9a9db028bede6fa2fe5526d884cb92")).isFalse();
        assertThat(layout.isLayoutFile("Orders", "bk/Orders/acme/_x")).isFalse();
        assertThat(layout.isLayoutFile("Orders", "bk/Orders/%5Fid|1")).isFalse();
        assertThat(layout.isLayoutFile("Orders", "bk/Other/_table.json")).isFalse();
        assertThat(layout.isLayoutFile("Orders", "bk/Orders2/_table.json")).isFalse();
    }

    @Test
    void s3LimitCountsUtf8Bytes() {
        assertThat(BackupLayout.exceedsS3Limit("a".repeat(1024))).isFalse();
        assertThat(BackupLayout.exceedsS3Limit("a".repeat(1025))).isTrue();
        assertThat(BackupLayout.exceedsS3Limit("é".repeat(512))).isFalse();
        assertThat(BackupLayout.exceedsS3Limit("é".repeat(513))).isTrue();
    }
}
