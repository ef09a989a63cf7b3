package dev.ddbbackup.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One large batch in a fresh JVM with Lambda's heap limit: the heap the batch itself holds, the
 * peak heap while the handler writes it, and the process's peak resident set size.
 */
final class MemoryBench {

    /** Megabytes, one sample per process. */
    record Result(int records, int itemBytes, Samples eventHeapMb, Samples peakHeapMb, Samples liveHeapMb, Samples peakRssMb,
            double maxHeapMb, Samples seconds) {
    }

    private MemoryBench() {
    }

    static Result run(FunctionRuntime runtime, int processes, String table, int records, int itemBytes,
            Consumer<String> progress) throws Exception {
        Samples.Collector<String> figures = new Samples.Collector<>();
        double maxHeap = 0;
        for (int i = 1; i <= processes; i++) {
            progress.accept(String.format("memory: %,d records of %s, process %d/%d", records,
                    ThroughputBench.size(itemBytes), i, processes));
            Map<String, Long> v = runtime.probe(FunctionRuntime.Jit.C1, "memory", table, Integer.toString(records),
                    Integer.toString(itemBytes));
            for (String heap : List.of("eventHeap", "peakHeap", "liveHeap")) {
                figures.add(heap, mb(v.get(heap)));
            }
            figures.add("vmHwm", v.get("vmHwmKb") / 1024.0);
            figures.add("seconds", v.get("millis") / 1000.0);
            maxHeap = mb(v.get("maxHeap"));
        }
        return new Result(records, itemBytes, figures.get("eventHeap"), figures.get("peakHeap"), figures.get("liveHeap"),
                figures.get("vmHwm"), maxHeap, figures.get("seconds"));
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
