package dev.ddbbackup.state;

import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs work on partitions, several at once, each partition on one thread: how every job that
 * reads a backup (the {@link PartitionWalk}, a restore's write phase, a checkpoint) spreads it.
 */
public final class PartitionRunner {

    /** The work on one partition. */
    @FunctionalInterface
    public interface Work {
        void run(Partition partition) throws Exception;
    }

    private PartitionRunner() {
    }

    /**
     * Runs on {@code threads} threads; {@code workForThread} makes the work of each thread (index
     * 0..threads-1). {@code gate} is asked before each partition: one it refuses is not run (a run
     * bounded in time leaves it for later). {@code partitionDone} is called after each partition
     * run. The first failure cancels the rest and is thrown.
     */
    public static void run(String name, List<Partition> partitions, int threads, PartitionGate gate,
            IntFunction<Work> workForThread, Runnable partitionDone) {
        ConcurrentLinkedQueue<Partition> queue = new ConcurrentLinkedQueue<>(partitions);
        int n = Math.max(1, Math.min(threads, queue.size()));
        ExecutorService workers = Tasks.daemonPool(name, n);
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Work work = workForThread.apply(i);
                futures.add(workers.submit(() -> {
                    Partition p;
                    while ((p = queue.poll()) != null) {
                        if (!gate.tryStart(p)) {
                            continue;
                        }
                        work.run(p);
                        partitionDone.run();
                    }
                    return null;
                }));
            }
            Tasks.awaitAll(futures);
        } finally {
            workers.shutdownNow();
        }
    }
}
