package dev.ddbbackup.job;

import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A listing of the window (from, to]: every item of the table (one tenant, one item) changed in it,
 * with its states at {@code from} and {@code to}. It only reads the backup; fanned out, each worker
 * writes its partitions' items to the job's work location and the command line prints them.
 *
 * @param key one item's key, or null
 */
public record ChangesJobSpec(BackupRead backup, Instant from, Instant to, String tenant, ItemKey key)
        implements WindowJob {

    public ChangesJobSpec {
        Objects.requireNonNull(backup, "backup");
        WindowJob.requireWindow(from, to);
    }

    @Override
    public JobKind kind() {
        return JobKind.CHANGES;
    }
}
