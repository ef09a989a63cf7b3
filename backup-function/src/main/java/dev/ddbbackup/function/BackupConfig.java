package dev.ddbbackup.function;

import dev.ddbbackup.config.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The function's configuration, read from environment variables once per container.
 *
 * <p>An empty value means "unset": SAM passes optional parameters that were left blank as empty
 * strings.
 *
 * @param prefix the backup prefix, possibly empty
 * @param multiTenancyColumn the tenancy attribute name, or null when multi-tenancy is off
 */
public record BackupConfig(String bucket, String prefix, boolean plainTextKeys, String multiTenancyColumn,
        int writeConcurrency, StorageMode storageMode) {

    public static final String BACKUP_BUCKET = "BackupBucket";
    public static final String BACKUP_PREFIX = "BackupPrefix";
    public static final String PLAIN_TEXT_KEY_AS_FILENAME = "PlainTextKeyAsFilename";
    public static final String MULTI_TENANCY_COLUMN = "MultiTenancyColumn";
    /** How many item keys are written at once (records of one key are always written in order). */
    public static final String WRITE_CONCURRENCY = "WriteConcurrency";
    /** {@code objects} (default) or {@code log}: see {@link StorageMode}. */
    public static final String STORAGE_MODE = "StorageMode";

    public static final int DEFAULT_WRITE_CONCURRENCY = 64;
    private static final int MAX_WRITE_CONCURRENCY = 1024;

    public BackupConfig {
        if (bucket == null || bucket.isBlank()) {
            throw new ConfigException("Environment variable " + BACKUP_BUCKET + " is required: the S3 bucket to write backups to (versioned in the objects storage mode)");
        }
        if (writeConcurrency < 1 || writeConcurrency > MAX_WRITE_CONCURRENCY) {
            throw new ConfigException(WRITE_CONCURRENCY + " must be between 1 and " + MAX_WRITE_CONCURRENCY + ", was " + writeConcurrency);
        }
        bucket = bucket.strip();
        prefix = prefix == null ? "" : prefix.strip();
        try {
            dev.ddbbackup.layout.BackupLayout.withPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Environment variable " + BACKUP_PREFIX + ": " + e.getMessage());
        }
        multiTenancyColumn = multiTenancyColumn == null || multiTenancyColumn.isBlank() ? null : multiTenancyColumn.strip();
        Objects.requireNonNull(storageMode, "storageMode");
    }

    /** Reads and validates the configuration; throws {@link ConfigException} naming the bad variable. */
    public static BackupConfig fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        return builder()
                .bucket(value(env, BACKUP_BUCKET))
                .prefix(value(env, BACKUP_PREFIX))
                .plainTextKeys(parseBoolean(env, PLAIN_TEXT_KEY_AS_FILENAME, false))
                .multiTenancyColumn(value(env, MULTI_TENANCY_COLUMN))
                .writeConcurrency(parseInt(env, WRITE_CONCURRENCY, DEFAULT_WRITE_CONCURRENCY))
                .storageMode(parseStorageMode(env))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().bucket(bucket).prefix(prefix).plainTextKeys(plainTextKeys)
                .multiTenancyColumn(multiTenancyColumn).writeConcurrency(writeConcurrency).storageMode(storageMode);
    }

    @Override
    public String toString() {
        return "BackupConfig{bucket=" + bucket + ", prefix=" + prefix + ", plainTextKeys=" + plainTextKeys
                + ", multiTenancyColumn=" + multiTenancyColumn + ", writeConcurrency=" + writeConcurrency
                + ", storageMode=" + storageMode.configName() + "}";
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static boolean parseBoolean(Map<String, String> env, String name, boolean defaultValue) {
        String v = value(env, name);
        if (v == null) {
            return defaultValue;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new ConfigException("Environment variable " + name + " must be 'true' or 'false', was '" + v + "'");
        }
    }

    private static StorageMode parseStorageMode(Map<String, String> env) {
        String v = value(env, STORAGE_MODE);
        if (v == null) {
            return StorageMode.OBJECTS;
        }
        StorageMode mode = StorageMode.byName(v);
        if (mode == null) {
            throw new ConfigException("Environment variable " + STORAGE_MODE + " must be 'objects' or 'log', was '" + v + "'");
        }
        return mode;
    }

    private static int parseInt(Map<String, String> env, String name, int defaultValue) {
        String v = value(env, name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("Environment variable " + name + " must be a whole number, was '" + v + "'");
        }
    }

    /** Builds a configuration in code (tests, the local pipeline). */
    public static final class Builder {
        private String bucket;
        private String prefix;
        private boolean plainTextKeys;
        private String multiTenancyColumn;
        private int writeConcurrency = DEFAULT_WRITE_CONCURRENCY;
        private StorageMode storageMode = StorageMode.OBJECTS;

        private Builder() {
        }

        public Builder storageMode(StorageMode storageMode) {
            this.storageMode = storageMode;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder plainTextKeys(boolean plainTextKeys) {
            this.plainTextKeys = plainTextKeys;
            return this;
        }

        public Builder multiTenancyColumn(String multiTenancyColumn) {
            this.multiTenancyColumn = multiTenancyColumn;
            return this;
        }

        public Builder writeConcurrency(int writeConcurrency) {
            this.writeConcurrency = writeConcurrency;
            return this;
        }

        public BackupConfig build() {
            return new BackupConfig(bucket, prefix, plainTextKeys, multiTenancyColumn, writeConcurrency, storageMode);
        }
    }
}
