package dev.ddbbackup.state;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.CheckedImage;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.Tasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

        /**
         * An item whose state at T cannot be read (its version is missing, or unusable): by default
         * the walk stops with a {@link BackupDataException} naming it.
         */
        default void problem(ItemTimeline timeline, BackupProblem problem) throws Exception {
            throw new BackupDataException(problem);
        }

        default void endPartition(Partition partition) throws Exception {
        }
    }

    /** Images fetched at once per partition thread. */
    private static final int WINDOW = 64;

    private final BackupView view;
    private final Instant time;
    private final KeySchema keySchema;
    private final ExecutorService fetchers;
    private final AtomicLong timelines = new AtomicLong();
    private final AtomicLong present = new AtomicLong();

    /**
     * @param fetchConcurrency image GETs in flight across all threads
     * @param keySchema the key schema images are checked by when the backup has no {@code _table.json}
     *     (the live table's), or null
     */
    public StateAtTime(BackupView view, Instant time, int fetchConcurrency, KeySchema keySchema) {
        this.view = view;
        this.time = time;
        this.keySchema = keySchema;
        this.fetchers = Tasks.daemonPool("image-get", fetchConcurrency);
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
     * The first failure cancels the walk and is thrown.
     */
    public void run(int threads, IntFunction<Visitor> visitorForThread, Runnable partitionDone) {
        run(threads, visitorForThread, partitionDone, PartitionGate.always());
    }

    /**
     * As above, asking {@code gate} before each partition: a partition it refuses is not visited
     * (a run bounded in time leaves it for later).
     */
    public void run(int threads, IntFunction<Visitor> visitorForThread, Runnable partitionDone, PartitionGate gate) {
        ConcurrentLinkedQueue<Partition> queue = new ConcurrentLinkedQueue<>(view.partitions());
        int n = Math.max(1, Math.min(threads, queue.size()));
        ExecutorService workers = Tasks.daemonPool("partition", n);
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Visitor visitor = visitorForThread.apply(i);
                futures.add(workers.submit(() -> {
                    Partition p;
                    while ((p = queue.poll()) != null) {
                        if (!gate.tryStart(p)) {
                            continue;
                        }
                        visitPartition(p, visitor);
                        partitionDone.run();
                    }
                    return null;
                }));
            }
            Tasks.awaitAll(futures);
        } finally {
            workers.shutdownNow();
            fetchers.shutdownNow();
        }
    }

    private void visitPartition(Partition partition, Visitor visitor) throws Exception {
        visitor.startPartition(partition);
        List<ItemTimeline> items = view.read(partition);
        timelines.addAndGet(items.size());
        List<Pending> window = new ArrayList<>(WINDOW);
        for (ItemTimeline timeline : items) {
            Optional<Change> state = timeline.latestAt(time);
            if (state.isEmpty() || !state.get().isPut()) {
                continue;
            }
            Change put = state.get();
            window.add(new Pending(timeline, fetchers.submit(() -> view.checkedImage(timeline, put, keySchema))));
            if (window.size() == WINDOW) {
                drain(window, visitor);
            }
        }
        drain(window, visitor);
        visitor.endPartition(partition);
    }

    private void drain(List<Pending> window, Visitor visitor) throws Exception {
        try {
            for (Pending p : window) {
                CheckedImage image = Tasks.get(p.image);
                if (!image.ok()) {
                    visitor.problem(p.timeline, image.problem());
                    continue;
                }
                present.incrementAndGet();
                visitor.item(new ItemState(p.timeline, image.change(), image.item()));
            }
        } finally {
            window.forEach(p -> p.image.cancel(true));
            window.clear();
        }
    }

    /** An item whose image is being fetched. */
    private static final class Pending {
        final ItemTimeline timeline;
        final Future<CheckedImage> image;

        Pending(ItemTimeline timeline, Future<CheckedImage> image) {
            this.timeline = timeline;
            this.image = image;
        }
    }
}
