package dev.ddbbackup.bench.probe;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.function.BackupHandler;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU the function spends on warm batches: the process's own CPU time (user + system, all
 * threads, the collector included) and the bytes it allocates, per batch, after warm-up batches
 * that let the JIT settle. The batches are built before anything is measured, and the S3 server
 * runs in another process, so only the function's work is counted.
 *
 * <p>Prints {@code PROBE cpuNanos0=... allocBytes0=... wallNanos0=... ...} for the measured batches.
 */
final class CpuProbe {

    private CpuProbe() {
    }

    /** Arguments: table, records per batch, item bytes, key mix (UNIFORM or HOT), warm-up batches, measured batches. */
    static void run(String[] args) {
        String table = args[1];
        int records = Integer.parseInt(args[2]);
        int itemBytes = Integer.parseInt(args[3]);
        StreamBatch.KeyMix mix = StreamBatch.KeyMix.valueOf(args[4]);
        int warmups = Integer.parseInt(args[5]);
        int runs = Integer.parseInt(args[6]);
        StreamBatch source = new StreamBatch(table, itemBytes, System.nanoTime());
        List<DynamodbEvent> batches = new ArrayList<>(warmups + runs);
        for (int i = 0; i < warmups + runs; i++) {
            batches.add(source.event(StreamBatch.keyIndexes(records, mix, 42 + i)));
        }
        BackupHandler handler = new BackupHandler();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StringBuilder line = new StringBuilder("PROBE");
        for (int i = 0; i < batches.size(); i++) {
            DynamodbEvent batch = batches.get(i);
            batches.set(i, null);
            long cpu = os.getProcessCpuTime();
            long alloc = threads.getTotalThreadAllocatedBytes();
            long wall = System.nanoTime();
            check(handler.handleRequest(batch, null));
            wall = System.nanoTime() - wall;
            alloc = threads.getTotalThreadAllocatedBytes() - alloc;
            cpu = os.getProcessCpuTime() - cpu;
            int run = i - warmups;
            if (run >= 0) {
                line.append(" cpuNanos").append(run).append('=').append(cpu)
                        .append(" allocBytes").append(run).append('=').append(alloc)
                        .append(" wallNanos").append(run).append('=').append(wall);
            }
        }
        System.out.println(line);
    }

    private static void check(StreamsEventResponse response) {
        if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("The batch had failed records: " + response.getBatchItemFailures().size());
        }
    }
}
