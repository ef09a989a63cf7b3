package dev.ddbbackup.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.dispatch.OrderedDispatcher.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderedDispatcherTest {

    private final OrderedDispatcher dispatcher = new OrderedDispatcher(16);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    /** Items are "group:index"; each group's items are numbered 0..n-1. */
    private static Map<String, List<String>> groups(int groups, int itemsPerGroup) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int g = 0; g < groups; g++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < itemsPerGroup; i++) {
                items.add("g" + g + ":" + i);
            }
            out.put("g" + g, items);
        }
        return out;
    }

    @Test
    void itemsOfAGroupRunInOrderOneAtATimeWhileGroupsRunConcurrently() {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger concurrentGroups = new AtomicInteger();
        AtomicInteger maxConcurrentGroups = new AtomicInteger();
        Map<String, Outcome<String, String>> outcomes = dispatcher.run(groups(50, 20), item -> {
            String group = item.substring(0, item.indexOf(':'));
            int now = running.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
            assertThat(now).as("items of one group at once").isEqualTo(1);
            maxConcurrentGroups.accumulateAndGet(concurrentGroups.incrementAndGet(), Math::max);
            Thread.sleep(ThreadLocalRandom.current().nextInt(2));
            seen.computeIfAbsent(group, g -> Collections.synchronizedList(new ArrayList<>())).add(item);
            concurrentGroups.decrementAndGet();
            running.get(group).decrementAndGet();
            return item.toUpperCase();
        });
        assertThat(outcomes).hasSize(50);
        outcomes.forEach((group, outcome) -> {
            assertThat(outcome.failed()).isFalse();
            assertThat(seen.get(group)).isEqualTo(groups(50, 20).get(group));
            assertThat(outcome.results()).hasSize(20).first().isEqualTo(group.toUpperCase() + ":0");
        });
        assertThat(maxConcurrentGroups.get()).isGreaterThan(1);
        assertThat(List.copyOf(outcomes.keySet())).isEqualTo(List.copyOf(groups(50, 20).keySet()));
    }

    @Test
    void aGroupStopsAtItsFirstFailureKeepingEarlierResultsAndOtherGroupsGoOn() {
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        IllegalStateException boom = new IllegalStateException("boom");
        Map<String, Outcome<String, String>> outcomes = dispatcher.run(groups(8, 5), item -> {
            attempted.add(item);
            if (item.equals("g3:2")) {
                throw boom;
            }
            return item;
        });
        Outcome<String, String> failed = outcomes.get("g3");
        assertThat(failed.failed()).isTrue();
        assertThat(failed.failedItem()).isEqualTo("g3:2");
        assertThat(failed.error()).isSameAs(boom);
        assertThat(failed.results()).containsExactly("g3:0", "g3:1");
        assertThat(attempted).doesNotContain("g3:3", "g3:4");
        outcomes.forEach((group, outcome) -> {
            if (!group.equals("g3")) {
                assertThat(outcome.failed()).isFalse();
                assertThat(outcome.results()).hasSize(5);
            }
        });
    }

    @Test
    void errorsAreCaughtToo() {
        Map<String, Outcome<String, String>> outcomes = dispatcher.run(groups(2, 2), item -> {
            if (item.equals("g0:0")) {
                throw new AssertionError("an Error, not an Exception");
            }
            return item;
        });
        assertThat(outcomes.get("g0").failedItem()).isEqualTo("g0:0");
        assertThat(outcomes.get("g0").results()).isEmpty();
        assertThat(outcomes.get("g1").results()).containsExactly("g1:0", "g1:1");
    }

    @Test
    void oneGroupOrConcurrencyOneRunsOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        try (OrderedDispatcher serial = new OrderedDispatcher(1)) {
            serial.run(groups(3, 2), item -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                return item;
            });
        }
        dispatcher.run(groups(1, 3), item -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            return item;
        });
    }

    @Test
    void onceMayStartSaysNoEachGroupStopsAtItsNextItemWhichIsReportedNotStarted() {
        Map<String, List<String>> groups = groups(30, 5);
        AtomicInteger started = new AtomicInteger();
        Map<String, Outcome<String, String>> outcomes = dispatcher.run(groups, item -> item,
                () -> started.incrementAndGet() <= 40);

        int done = 0;
        for (Map.Entry<String, Outcome<String, String>> e : outcomes.entrySet()) {
            Outcome<String, String> outcome = e.getValue();
            List<String> items = groups.get(e.getKey());
            done += outcome.results().size();
            assertThat(outcome.results()).as("a prefix of the group, in order")
                    .isEqualTo(items.subList(0, outcome.results().size()));
            if (outcome.results().size() < items.size()) {
                assertThat(outcome.failedItem()).isEqualTo(items.get(outcome.results().size()));
                assertThat(outcome.error()).isInstanceOf(OrderedDispatcher.NotStarted.class);
            } else {
                assertThat(outcome.failed()).isFalse();
            }
        }
        assertThat(done).isEqualTo(40);
    }
}
