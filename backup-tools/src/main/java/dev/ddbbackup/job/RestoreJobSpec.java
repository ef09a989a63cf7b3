package dev.ddbbackup.job;

import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A restore: the backup's state at {@code time} of the table, one tenant or one item, written into
 * {@code targetTable}.
 *
 * @param key one item's key, or null
 * @param createTable create the target from the backup's {@code _table.json} once everything to
 *     write has been checked (never in a dry run); it must not exist
 * @param targetIsNew the target was created empty for this restore: deleting absent items is unnecessary
 * @param allowDeleteAll go ahead when the restore would delete items and put none (otherwise it
 *     refuses). Each segment applies it to its own partitions (docs/RESTORE.md)
 * @param allowMissingVersions restore what the bucket holds when the change log names versions it
 *     lacks: those items are left untouched and listed (never deleted)
 * @param skipBadObjects leave items whose object version is unusable (and unreadable change-log
 *     lines) out and list them, instead of stopping before any write
 * @param maxWcu write capacity units per second of the whole job; 0 for no cap
 */
public record RestoreJobSpec(BackupRead backup, Instant time, String tenant, ItemKey key, String targetTable,
        boolean dryRun, boolean createTable, boolean targetIsNew, boolean allowDeleteAll, boolean allowMissingVersions,
        boolean skipBadObjects, double maxWcu) implements Job {

    public RestoreJobSpec {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(targetTable, "targetTable");
        targetIsNew = targetIsNew || createTable;
    }

    /** The whole table at {@code time} into {@code targetTable}, every option off. */
    public static RestoreJobSpec of(BackupRead backup, Instant time, String targetTable) {
        return new RestoreJobSpec(backup, time, null, null, targetTable, false, false, false, false, false, false, 0);
    }

    @Override
    public JobKind kind() {
        return JobKind.RESTORE;
    }

    /**
     * The same restore after the command line created the (empty) target itself, before fanning
     * out: the workers then only write into it.
     */
    public RestoreJobSpec tableCreated() {
        return new RestoreJobSpec(backup, time, tenant, key, targetTable, dryRun, false, true, allowDeleteAll,
                allowMissingVersions, skipBadObjects, maxWcu);
    }
}
