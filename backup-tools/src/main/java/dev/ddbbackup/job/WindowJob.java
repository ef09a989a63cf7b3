package dev.ddbbackup.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A job over the window (from, to]: the items of the table (one tenant, one item) changed in it,
 * read in their states at both ends. Its time is the window's end: the state a revert expects the
 * live items to be in, and the later state a changes listing shows.
 */
public sealed interface WindowJob extends Job permits ChangesJobSpec, RevertJobSpec {

    Instant from();

    Instant to();

    /** The window's end. */
    @Override
    default Instant time() {
        return to();
    }

    /** Checks a window: both ends given, the end after the start. */
    static void requireWindow(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("The window's end (" + to + ") must be after its start (" + from + ")");
        }
    }
}
