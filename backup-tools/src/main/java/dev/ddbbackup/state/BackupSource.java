package dev.ddbbackup.state;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.layout.PartitionWidth;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/** Which backup a tool reads: bucket, prefix, table, optionally one tenant, and where change times come from. */
public final class BackupSource {

    /** How finely the tools that read on one machine split the backup: 16 partitions. */
    public static final PartitionWidth PARTITION_WIDTH = PartitionWidth.P16;

    public final String bucket;
    public final String prefix;
    public final String table;
    /** The tenancy attribute's value, or null for every tenant. */
    public final String tenant;
    public final TimeSource timeSource;
    /** Whether readers start from the newest checkpoint at or before their time (default). */
    public final boolean useCheckpoints;

    public BackupSource(String bucket, String prefix, String table, String tenant, TimeSource timeSource) {
        this(bucket, prefix, table, tenant, timeSource, true);
    }

    public BackupSource(String bucket, String prefix, String table, String tenant, TimeSource timeSource,
            boolean useCheckpoints) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = prefix == null ? "" : prefix;
        this.table = Objects.requireNonNull(table, "table");
        this.tenant = tenant;
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.useCheckpoints = useCheckpoints;
    }

    /** The whole table's backup, times from the change log when there is one. */
    public static BackupSource of(String bucket, String prefix, String table) {
        return new BackupSource(bucket, prefix, table, null, TimeSource.AUTO);
    }

    public BackupSource withTenant(String tenant) {
        return new BackupSource(bucket, prefix, table, tenant, timeSource, useCheckpoints);
    }

    public BackupReader reader(S3Client s3, int concurrency) {
        return BackupReader.builder(s3, bucket, table).prefix(prefix).timeSource(timeSource)
                .partitionWidth(PARTITION_WIDTH).concurrency(concurrency).useCheckpoints(useCheckpoints).build();
    }

    public BackupScope scope() {
        return tenant == null ? BackupScope.all() : BackupScope.tenant(tenant);
    }
}
