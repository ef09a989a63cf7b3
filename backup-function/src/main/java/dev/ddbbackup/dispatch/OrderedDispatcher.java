package dev.ddbbackup.dispatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs groups of work items concurrently across groups and strictly in order within a group,
 * stopping a group at its first failure.
 *
 * <p>This is the shape a stream backup needs: records of one item key must reach S3 in stream
 * order (the last write wins), records of different keys are independent, and once a key's
 * record fails none of that key's later records may be written, or a retry would put an older
 * image on top of a newer one. Powertools' parallel batch mode does not keep per-key order,
 * hence this class.
 *
 * <p>Threads are created on demand, up to the concurrency, and idle ones are kept for the next
 * batch (a warm Lambda container reuses them).
 *
 * <p>A caller with a deadline passes {@code mayStart}: it is asked before each item, and once it
 * says no, the group stops there as if that item had failed ({@link NotStarted}), so the caller
 * reports exactly the items not done.
 */
public final class OrderedDispatcher implements AutoCloseable {

    /** The work done for one item. */
    @FunctionalInterface
    public interface Work<T, R> {
        R apply(T item) throws Exception;
    }

    /** What happened to one group: the results of the items that succeeded, and the first failure. */
    public static final class Outcome<T, R> {
        private final List<R> results;
        private final T failedItem;
        private final Throwable error;

        Outcome(List<R> results, T failedItem, Throwable error) {
            this.results = Collections.unmodifiableList(results);
            this.failedItem = failedItem;
            this.error = error;
        }

        /** Results of the items written, in the group's order. */
        public List<R> results() {
            return results;
        }

        /** The first item that failed (later items were not attempted), or null. */
        public T failedItem() {
            return failedItem;
        }

        public Throwable error() {
            return error;
        }

        public boolean failed() {
            return failedItem != null;
        }
    }

    /** The error of an item that was not started because {@code mayStart} said no. */
    public static final class NotStarted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotStarted() {
            super("not started: no time left for it", null, false, false);
        }
    }

    private final ExecutorService executor;
    private final int concurrency;

    public OrderedDispatcher(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("backup-writer"));
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    public int concurrency() {
        return concurrency;
    }

    /**
     * Processes every group and waits for all of them.
     *
     * @return one outcome per group, in the groups' order
     */
    public <K, T, R> Map<K, Outcome<T, R>> run(Map<K, List<T>> groups, Work<T, R> work) {
        return run(groups, work, () -> true);
    }

    /**
     * As {@link #run(Map, Work)}, asking {@code mayStart} before each item; an item it refuses,
     * and the rest of its group, are not run (the outcome's error is {@link NotStarted}).
     */
    public <K, T, R> Map<K, Outcome<T, R>> run(Map<K, List<T>> groups, Work<T, R> work, BooleanSupplier mayStart) {
        Map<K, Future<Outcome<T, R>>> futures = new LinkedHashMap<>();
        if (groups.size() == 1 || concurrency == 1) {
            // One group (or no parallelism): no hand-off to another thread.
            Map<K, Outcome<T, R>> outcomes = new LinkedHashMap<>();
            groups.forEach((k, items) -> outcomes.put(k, runGroup(items, work, mayStart)));
            return outcomes;
        }
        for (Map.Entry<K, List<T>> group : groups.entrySet()) {
            List<T> items = group.getValue();
            futures.put(group.getKey(), executor.submit(() -> runGroup(items, work, mayStart)));
        }
        Map<K, Outcome<T, R>> outcomes = new LinkedHashMap<>();
        for (Map.Entry<K, Future<Outcome<T, R>>> f : futures.entrySet()) {
            outcomes.put(f.getKey(), await(f.getValue(), groups.get(f.getKey())));
        }
        return outcomes;
    }

    private static <T, R> Outcome<T, R> runGroup(List<T> items, Work<T, R> work, BooleanSupplier mayStart) {
        List<R> results = new ArrayList<>(items.size());
        for (T item : items) {
            if (!mayStart.getAsBoolean()) {
                return new Outcome<>(results, item, new NotStarted());
            }
            try {
                results.add(work.apply(item));
            } catch (Exception | Error e) {
                return new Outcome<>(results, item, e);
            }
        }
        return new Outcome<>(results, null, null);
    }

    private static <T, R> Outcome<T, R> await(Future<Outcome<T, R>> future, List<T> items) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // Finish the batch: a half-awaited batch would report success for unwritten records.
                    interrupted = true;
                } catch (ExecutionException e) {
                    return new Outcome<>(new ArrayList<>(), items.get(0), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
