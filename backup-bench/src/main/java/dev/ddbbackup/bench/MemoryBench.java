package dev.ddbbackup.bench;

import java.util.ArrayList;
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
        List<Double> event = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        double maxHeap = 0;
        for (int i = 1; i <= processes; i++) {
            progress.accept(String.format("memory: %,d records of %s, process %d/%d", records,
                    ThroughputBench.size(itemBytes), i, processes));
            Map<String, Long> v = FunctionRuntime.probeValues(FunctionRuntime.output(runtime.start(List.of(),
                    "memory", table, Integer.toString(records), Integer.toString(itemBytes))));
            event.add(mb(v.get("eventHeap")));
            heap.add(mb(v.get("peakHeap")));
            live.add(mb(v.get("liveHeap")));
            rss.add(v.get("vmHwmKb") / 1024.0);
            seconds.add(v.get("millis") / 1000.0);
            maxHeap = mb(v.get("maxHeap"));
        }
        return new Result(records, itemBytes, Samples.of(event), Samples.of(heap), Samples.of(live), Samples.of(rss), maxHeap,
                Samples.of(seconds));
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
