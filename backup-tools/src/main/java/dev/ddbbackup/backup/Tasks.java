package dev.ddbbackup.backup;

import dev.ddbbackup.dispatch.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Small helpers for the reader's and the restore's thread pools. */
public final class Tasks {

    private Tasks() {
    }

    /** A fixed pool of daemon threads (a failed command must not hang on its pools). */
    public static ExecutorService daemonPool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, new DaemonThreads(name));
    }

    /** The task's result; its failure rethrown as it was (unchecked), or wrapped. */
    public static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Waits for all tasks and returns their results in order; on the first failure cancels the rest and rethrows it. */
    public static <T> List<T> awaitAll(List<? extends Future<? extends T>> futures) {
        List<T> results = new ArrayList<>(futures.size());
        try {
            for (Future<? extends T> f : futures) {
                results.add(get(f));
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return results;
    }
}
