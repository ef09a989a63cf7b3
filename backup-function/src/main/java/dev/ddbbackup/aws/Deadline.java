package dev.ddbbackup.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A point in time by which SDK calls must have ended, or none. The function derives one from
 * Lambda's {@code Context.getRemainingTimeInMillis()}, so that no write is still in flight when
 * Lambda ends the invocation: every call gets at most the time that is left
 * ({@link #callTimeout()}), and no write starts when too little is left.
 */
public record Deadline(long atNanos, LongSupplier clock) {

    private static final Deadline NONE = new Deadline(Long.MAX_VALUE, System::nanoTime);

    /** No deadline: calls are bounded by the client's own timeouts only. */
    public static Deadline none() {
        return NONE;
    }

    /** A deadline {@code remaining} from now. */
    public static Deadline in(Duration remaining) {
        return in(remaining, System::nanoTime);
    }

    /** As {@link #in(Duration)}, on a given nanosecond clock (tests). */
    static Deadline in(Duration remaining, LongSupplier clock) {
        return new Deadline(clock.getAsLong() + remaining.toNanos(), clock);
    }

    public boolean isNone() {
        return this == NONE;
    }

    /** Time left (zero once passed); empty when there is no deadline. */
    public Optional<Duration> remaining() {
        if (isNone()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, atNanos - clock.getAsLong())));
    }

    /** Whether at least {@code time} is left (always true without a deadline). */
    public boolean hasLeft(Duration time) {
        return remaining().map(r -> r.compareTo(time) >= 0).orElse(true);
    }

    /** The deadline {@code reserve} earlier (time kept for work that must follow). */
    public Deadline minus(Duration reserve) {
        return isNone() ? this : new Deadline(atNanos - reserve.toNanos(), clock);
    }

    /**
     * The {@code apiCallTimeout} a call started now must have to end by the deadline; empty when
     * there is no deadline (the client's own call timeout applies). Never below one millisecond:
     * the SDK takes zero as "no timeout".
     */
    public Optional<Duration> callTimeout() {
        return remaining().map(r -> r.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : r);
    }

    @Override
    public String toString() {
        return remaining().map(r -> "deadline in " + r.toMillis() + " ms").orElse("no deadline");
    }
}
