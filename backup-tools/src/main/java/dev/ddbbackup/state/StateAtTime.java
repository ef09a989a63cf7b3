package dev.ddbbackup.state;

import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.json.DynamoJson;
import java.time.Instant;
import dev.ddbbackup.concurrent.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Walks the items a backup holds at a time T, partition by partition (the reader's MD5 hex
 * prefixes), several partitions at once, fetching the images of each partition in bounded
 * windows so memory holds one partition's timelines plus a window of images per thread.
 * Snapshot and verify are built on this; items deleted (or not yet created) at T are skipped.
 */
public final class StateAtTime {

    /** Receives the items of the partitions one thread processes, on that thread. */
    public interface Visitor {
        default void startPartition(Partition partition) throws Exception {
        }

        void item(ItemState state) throws Exception;

        default void endPartition(Partition partition) throws Exception {
        }
    }

    /** Images fetched at once per partition thread. */
    private static final int WINDOW = 64;

    private final BackupView view;
    private final Instant time;
    private final ExecutorService fetchers;
    private final AtomicLong timelines = new AtomicLong();
    private final AtomicLong present = new AtomicLong();

    /** @param fetchConcurrency image GETs in flight across all threads */
    public StateAtTime(BackupView view, Instant time, int fetchConcurrency) {
        this.view = view;
        this.time = time;
        this.fetchers = Executors.newFixedThreadPool(fetchConcurrency, DaemonThreads.named("image-get"));
    }

    public List<Partition> partitions() {
        return view.partitions();
    }

    /** Items read (every timeline in scope) so far. */
    public long timelines() {
        return timelines.get();
    }

    /** Items present at T so far. */
    public long present() {
        return present.get();
    }

    /**
     * Visits every partition on {@code threads} threads; {@code visitorForThread} makes one visitor
     * per thread (index 0..threads-1). {@code partitionDone} is called after each partition.
     * The first failure stops the walk and is thrown.
     */
    public void run(int threads, IntFunction<Visitor> visitorForThread, Runnable partitionDone) throws Exception {
        ConcurrentLinkedQueue<Partition> queue = new ConcurrentLinkedQueue<>(view.partitions());
        int n = Math.max(1, Math.min(threads, queue.size()));
        ExecutorService workers = Executors.newFixedThreadPool(n, DaemonThreads.named("partition"));
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Visitor visitor = visitorForThread.apply(i);
                futures.add(workers.submit(() -> {
                    Partition p;
                    while (!stop.get() && (p = queue.poll()) != null) {
                        visitPartition(p, visitor);
                        partitionDone.run();
                    }
                    return null;
                }));
            }
            Exception first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    stop.set(true);
                    if (first == null) {
                        first = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            workers.shutdownNow();
            fetchers.shutdownNow();
        }
    }

    private void visitPartition(Partition partition, Visitor visitor) throws Exception {
        visitor.startPartition(partition);
        List<ItemTimeline> items = view.read(partition);
        timelines.addAndGet(items.size());
        List<Future<ItemState>> window = new ArrayList<>(WINDOW);
        for (ItemTimeline timeline : items) {
            Optional<Change> state = timeline.latestAt(time);
            if (state.isEmpty() || !state.get().isPut()) {
                continue;
            }
            Change put = state.get();
            window.add(fetchers.submit(() -> {
                byte[] image = view.image(put);
                return new ItemState(timeline, put, image, DynamoJson.parseSdkItem(image));
            }));
            if (window.size() == WINDOW) {
                drain(window, visitor);
            }
        }
        drain(window, visitor);
        visitor.endPartition(partition);
    }

    private void drain(List<Future<ItemState>> window, Visitor visitor) throws Exception {
        try {
            for (Future<ItemState> f : window) {
                ItemState s = f.get();
                present.incrementAndGet();
                visitor.item(s);
            }
        } catch (ExecutionException e) {
            window.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } finally {
            window.clear();
        }
    }
}
