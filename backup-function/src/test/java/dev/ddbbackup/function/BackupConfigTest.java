package dev.ddbbackup.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbbackup.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupConfigTest {

    @Test
    void defaults() {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of("BackupBucket", " backups "));
        assertThat(config.bucket()).isEqualTo("backups");
        assertThat(config.prefix()).isEmpty();
        assertThat(config.plainTextKeys()).isFalse();
        assertThat(config.multiTenancyColumn()).isNull();
        assertThat(config.writeConcurrency()).isEqualTo(BackupConfig.DEFAULT_WRITE_CONCURRENCY);
        assertThat(config.storageMode()).isEqualTo(StorageMode.OBJECTS);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"objects, OBJECTS", "log, LOG", "LOG, LOG", "' ', OBJECTS"})
    void storageMode(String value, StorageMode mode) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of("BackupBucket", "b", "StorageMode", value));
        assertThat(config.storageMode()).isEqualTo(mode);
        assertThat(config.toBuilder().build().storageMode()).isEqualTo(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logs", "object", "segments"})
    void badStorageModeIsNamed(String value) {
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of("BackupBucket", "b", "StorageMode", value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("StorageMode")
                .hasMessageContaining("'objects' or 'log'").hasMessageContaining(value);
    }

    @Test
    void everyVariable() {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of("BackupBucket", "b", "BackupPrefix", "bk/x",
                "PlainTextKeyAsFilename", "TRUE", "MultiTenancyColumn", "tenant", "WriteConcurrency", "8"));
        assertThat(config.prefix()).isEqualTo("bk/x");
        assertThat(config.plainTextKeys()).isTrue();
        assertThat(config.multiTenancyColumn()).isEqualTo("tenant");
        assertThat(config.writeConcurrency()).isEqualTo(8);
    }

    @Test
    void emptyStringsMeanUnset() {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of("BackupBucket", "b", "BackupPrefix", "",
                "PlainTextKeyAsFilename", "", "MultiTenancyColumn", " ", "WriteConcurrency", ""));
        assertThat(config.prefix()).isEmpty();
        assertThat(config.plainTextKeys()).isFalse();
        assertThat(config.multiTenancyColumn()).isNull();
        assertThat(config.writeConcurrency()).isEqualTo(BackupConfig.DEFAULT_WRITE_CONCURRENCY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void missingBucketIsNamed(String bucket) {
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of("BackupBucket", bucket)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BackupBucket");
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BackupBucket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "tru"})
    void badBooleanIsNamed(String value) {
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of("BackupBucket", "b", "PlainTextKeyAsFilename", value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PlainTextKeyAsFilename").hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"many", "0", "-1", "1025", "2.5", "99999999999"})
    void badWriteConcurrencyIsNamed(String value) {
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of("BackupBucket", "b", "WriteConcurrency", value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WriteConcurrency");
    }
}
