package dev.ddbbackup.verify;

import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.state.ItemAtTime;

/**
 * What a comparison finds, item by item, handed to a caller that acts on it (resync repairs each
 * one) as {@link Verifier} finds it, from the partition threads: implementations are thread-safe.
 * A report only counts; this says which items, and what the backup holds of them.
 */
public interface Findings {

    /** Nothing to do with the findings: a plain verify. */
    Findings NONE = new Findings() {
    };

    /** The backup was opened (its naming and folders are known), before any item is compared. */
    default void opened(BackupView view) {
    }

    /** An item the table has and the backup's state does not: its canonical key JSON. */
    default void missing(String canonicalKey) {
    }

    /** An item the backup's state has and the table does not. */
    default void extra(ItemAtTime.Present backup) {
    }

    /** An item whose content in the table differs from the backup's state. */
    default void differing(ItemAtTime.Present backup) {
    }
}
