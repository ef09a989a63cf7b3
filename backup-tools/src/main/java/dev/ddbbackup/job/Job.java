package dev.ddbbackup.job;

import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.PartitionWidth;
import java.time.Instant;

/**
 * One restore, revert, changes listing, snapshot or verify, described once: built by the command line from its options,
 * run by the engine on this machine as one segment holding every partition, or carried as JSON
 * ({@link JobJson}) in a Step Functions execution's input to every worker, which runs the same
 * value on its own segment. Immutable; nothing is copied out of it into another options object.
 */
public sealed interface Job permits RestoreJobSpec, SnapshotJobSpec, VerifyJobSpec, WindowJob {

    JobKind kind();

    /** The backup read, where it lives and how it is split. */
    BackupRead backup();

    /** The point in time of the backup's state; null for the latest (verify only). */
    Instant time();

    /** The tenancy attribute's value the job is limited to, or null for every tenant. */
    String tenant();

    /** The one item the job is limited to, or null for every item (of the tenant). */
    default ItemKey key() {
        return null;
    }

    default BackupLocation location() {
        return backup().location();
    }

    default PartitionWidth width() {
        return backup().width();
    }

    default String table() {
        return backup().table();
    }

    /** The part of the backup this job reads, before a segment narrows it. */
    default BackupScope scope() {
        return key() != null ? BackupScope.key(key()).withTenant(tenant())
                : tenant() == null ? BackupScope.all() : BackupScope.tenant(tenant());
    }
}
