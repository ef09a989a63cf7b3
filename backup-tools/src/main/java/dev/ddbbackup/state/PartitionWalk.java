package dev.ddbbackup.state;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.CheckedImage;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.state.ItemAtTime.Absent;
import dev.ddbbackup.state.ItemAtTime.Moved;
import dev.ddbbackup.state.ItemAtTime.Present;
import dev.ddbbackup.state.ItemAtTime.Unreadable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The one walk over a backup's items at a time T that restore, snapshot and verify are built on:
 * partition by partition (the view's), several partitions at once, each item's state at T
 * ({@link ItemAtTime}: present with its checked image, absent with its key, moved, or unreadable)
 * handed to a visitor in item-name order. Images are fetched in bounded windows, so memory holds
 * one partition's timelines plus a window of images per thread.
 */
public final class PartitionWalk {

    /** Receives the items of the partitions one thread processes, on that thread. */
    public interface Visitor {
        default void startPartition(Partition partition) throws Exception {
        }

        void present(Present item) throws Exception;

        default void absent(Absent item) throws Exception {
        }

        default void moved(Moved item) throws Exception {
        }

        /**
         * An item whose state at T cannot be read (its version is missing, or unusable): by default
         * the walk stops with a {@link BackupDataException} naming it.
         */
        default void unreadable(Unreadable item) throws Exception {
            throw new BackupDataException(item.problem());
        }

        default void endPartition(Partition partition) throws Exception {
        }
    }

    /** Images fetched at once per partition thread, unless a walk asks for another window. */
    public static final int WINDOW = 64;

    private final BackupView view;
    private final Instant time;
    private final KeySchema keySchema;
    private final int fetchConcurrency;
    private final int window;
    private final boolean resolveAbsentKeys;
    private final AtomicLong timelines = new AtomicLong();
    private final AtomicLong present = new AtomicLong();

    /**
     * @param fetchConcurrency image GETs in flight across all threads
     * @param keySchema the key schema images are checked by when the backup has no {@code _table.json}
     *     (the live table's, the restore target's), or null
     */
    public PartitionWalk(BackupView view, Instant time, int fetchConcurrency, KeySchema keySchema) {
        this(view, time, fetchConcurrency, keySchema, WINDOW, false);
    }

    private PartitionWalk(BackupView view, Instant time, int fetchConcurrency, KeySchema keySchema, int window,
            boolean resolveAbsentKeys) {
        this.view = view;
        this.time = time;
        this.keySchema = keySchema;
        this.fetchConcurrency = fetchConcurrency;
        this.window = window;
        this.resolveAbsentKeys = resolveAbsentKeys;
    }

    /** The same walk fetching {@code images} images at once per partition thread. */
    public PartitionWalk window(int images) {
        return new PartitionWalk(view, time, fetchConcurrency, keySchema, images, resolveAbsentKeys);
    }

    /**
     * The same walk finding the key of an absent item no change-log line names by reading its
     * newest image (what a restore deletes it by); without it such an item is absent with no key.
     */
    public PartitionWalk resolvingAbsentKeys() {
        return new PartitionWalk(view, time, fetchConcurrency, keySchema, window, true);
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
     * The first failure cancels the walk and is thrown. {@code gate} is asked before each
     * partition: a partition it refuses is not visited (a run bounded in time leaves it for later).
     */
    public void run(int threads, IntFunction<Visitor> visitorForThread, Runnable partitionDone, PartitionGate gate) {
        ExecutorService fetchers = Tasks.daemonPool("image-get", fetchConcurrency);
        try {
            PartitionRunner.run("partition", view.partitions(), threads, gate, thread -> {
                Visitor visitor = visitorForThread.apply(thread);
                return p -> visitPartition(p, visitor, fetchers);
            }, partitionDone);
        } finally {
            fetchers.shutdownNow();
        }
    }

    private void visitPartition(Partition partition, Visitor visitor, ExecutorService fetchers) throws Exception {
        visitor.startPartition(partition);
        List<ItemTimeline> items = view.read(partition);
        timelines.addAndGet(items.size());
        List<Future<ItemAtTime>> pending = new ArrayList<>();
        int fetches = 0;
        for (ItemTimeline timeline : items) {
            Future<ItemAtTime> state = stateOf(timeline, fetchers);
            pending.add(state);
            if (!(state instanceof CompletableFuture) && ++fetches == window) {
                drain(pending, visitor);
                fetches = 0;
            }
        }
        drain(pending, visitor);
        visitor.endPartition(partition);
    }

    /** The item's state at T: at once, or once the image that says it is fetched. */
    private Future<ItemAtTime> stateOf(ItemTimeline timeline, ExecutorService fetchers) {
        Optional<Change> latest = timeline.latestAt(time);
        if (latest.isPresent() && latest.get().isPut()) {
            Change put = latest.get();
            return fetchers.submit(() -> {
                CheckedImage image = view.checkedImage(timeline, put, keySchema);
                return image.ok() ? new Present(timeline, image.change(), image.item(), image.key())
                        : new Unreadable(timeline, put, image.problem());
            });
        }
        if (latest.isPresent() && latest.get().movedOut()) {
            return CompletableFuture.completedFuture(new Moved(timeline, latest.get()));
        }
        Change last = latest.orElse(null);
        Optional<Change> newestPut = timeline.newestPut();
        if (resolveAbsentKeys && timeline.key() == null && !timeline.changes().isEmpty() && newestPut.isPresent()) {
            return fetchers.submit(() -> {
                CheckedImage image = view.checkedImage(timeline, newestPut.get(), keySchema);
                return image.ok() ? new Absent(timeline, last, image.key(), true)
                        : new Unreadable(timeline, newestPut.get(), image.problem());
            });
        }
        return CompletableFuture.completedFuture(new Absent(timeline, last, timeline.key(), false));
    }

    private void drain(List<Future<ItemAtTime>> pending, Visitor visitor) throws Exception {
        try {
            for (Future<ItemAtTime> f : pending) {
                ItemAtTime state = Tasks.get(f);
                if (state instanceof Present p) {
                    present.incrementAndGet();
                    visitor.present(p);
                } else if (state instanceof Absent a) {
                    visitor.absent(a);
                } else if (state instanceof Moved m) {
                    visitor.moved(m);
                } else {
                    visitor.unreadable((Unreadable) state);
                }
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
            pending.clear();
        }
    }
}
