package dev.ddbbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void remainingTimeAndCallTimeoutsCountDownToZeroAndNeverBelowOneMillisecond() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(10), nanos::get);
        assertThat(deadline.remaining()).contains(Duration.ofSeconds(10));
        Deadline items = deadline.minus(Duration.ofSeconds(3));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(items.remaining()).contains(Duration.ofSeconds(1));
        assertThat(items.callTimeout()).contains(Duration.ofSeconds(1));
        assertThat(items.hasLeft(Duration.ofMillis(500))).isTrue();
        assertThat(items.hasLeft(Duration.ofSeconds(2))).isFalse();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(items.remaining()).contains(Duration.ZERO);
        assertThat(items.callTimeout()).as("zero would mean no timeout to the SDK").contains(Duration.ofMillis(1));
        assertThat(deadline.remaining()).contains(Duration.ofSeconds(2));
    }

    @Test
    void noDeadlineLeavesCallsToTheClientsOwnLimits() {
        assertThat(Deadline.none().remaining()).isEmpty();
        assertThat(Deadline.none().callTimeout()).isEmpty();
        assertThat(Deadline.none().minus(Duration.ofSeconds(5)).isNone()).isTrue();
        assertThat(Deadline.none().hasLeft(Duration.ofDays(1))).isTrue();
    }
}
