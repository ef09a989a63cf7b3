package dev.ddbbackup.job;

import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A revert: every item of the table (one tenant, one item) changed in the window (from, to] put
 * back to its state at {@code from} in {@code targetTable} (the source itself only when the command
 * line was told {@code --in-place}), and nothing else.
 *
 * @param key one item's key, or null
 * @param overwriteLaterChanges revert items changed again after {@code to} too, conditional on their newest state
 * @param maxWcu write capacity units per second of the whole job; 0 for no cap
 * @param writeConcurrency items one run writes at once (each write is one conditional request)
 */
public record RevertJobSpec(BackupRead backup, Instant from, Instant to, String tenant, ItemKey key,
        String targetTable, boolean dryRun, boolean overwriteLaterChanges, double maxWcu, int writeConcurrency)
        implements WindowJob {

    public RevertJobSpec {
        Objects.requireNonNull(backup, "backup");
        WindowJob.requireWindow(from, to);
        Objects.requireNonNull(targetTable, "targetTable");
        if (writeConcurrency < 1) {
            throw new IllegalArgumentException("--write-concurrency must be at least 1");
        }
    }

    @Override
    public JobKind kind() {
        return JobKind.REVERT;
    }

    /** The same revert checking and comparing everything but writing nothing: the check before a fanned-out revert. */
    public RevertJobSpec asDryRun() {
        return new RevertJobSpec(backup, from, to, tenant, key, targetTable, true, overwriteLaterChanges, maxWcu,
                writeConcurrency);
    }
}
