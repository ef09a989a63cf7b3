package dev.ddbbackup.bench.probe;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Runs in a fresh JVM on the function's own classpath, configured by environment variables
 * exactly as Lambda configures the function, and prints one {@code PROBE key=value ...} line.
 *
 * <ul>
 *   <li>{@code coldstart TABLE}: timestamps (epoch microseconds) at main, after the handler class
 *       is loaded and the configuration read, after the no-argument constructor (what the Lambda
 *       runtime calls), after the first one-record batch and after a second one. Marker lines
 *       {@code MARK phase} let a class-loading trace ({@code -Xlog:class+load}) be cut into phases.</li>
 *   <li>{@code memory TABLE RECORDS ITEM_BYTES}: heap held by the batch, peak heap while the
 *       handler writes it, and the process's peak RSS.</li>
 *   <li>{@code cpu TABLE RECORDS ITEM_BYTES MIX WARMUPS RUNS}: CPU time and allocation per warm batch
 *       ({@link CpuProbe}).</li>
 *   <li>{@code cpu-sdk-floor} with the same arguments: the same PUTs made directly with the function's
 *       S3 client and writer, nothing else ({@link CpuProbe#runSdkFloor}).</li>
 * </ul>
 *
 * <p>Only the JDK, the Lambda event model and the function's classes may be used here.
 */
public final class FunctionProbe {

    private FunctionProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = micros();
        System.out.println("MARK main");
        if (args[0].equals("coldstart")) {
            coldStart(mainAt, args[1]);
        } else if (args[0].equals("cpu")) {
            CpuProbe.run(args);
        } else if (args[0].equals("cpu-sdk-floor")) {
            CpuProbe.runSdkFloor(args);
        } else if (args[0].equals("cost")) {
            CostProbe.run(args);
        } else {
            memory(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        // The SDK's CRT threads are not daemons everywhere; a probe ends when it has reported.
        System.exit(0);
    }

    private static void coldStart(long mainAt, String table) throws ClassNotFoundException {
        Class.forName(BackupHandler.class.getName());
        BackupConfig.fromEnvironment(System.getenv());
        long configAt = micros();
        System.out.println("MARK config");
        BackupHandler handler = new BackupHandler();
        long readyAt = micros();
        System.out.println("MARK ready");
        StreamBatch batch = new StreamBatch(table, 1024, System.nanoTime());
        DynamodbEvent first = batch.event(new int[] {0});
        DynamodbEvent second = batch.event(new int[] {1});
        long eventAt = micros();
        System.out.println("MARK event");
        check(handler.handleRequest(first, null));
        long firstAt = micros();
        System.out.println("MARK first");
        check(handler.handleRequest(second, null));
        long secondAt = micros();
        System.out.println("MARK second");
        System.out.println("PROBE main=" + mainAt + " config=" + configAt + " ready=" + readyAt + " event=" + eventAt
                + " first=" + firstAt + " second=" + secondAt);
    }

    private static void memory(String table, int records, int itemBytes) throws IOException, InterruptedException {
        DynamodbEvent event = new StreamBatch(table, itemBytes, System.nanoTime())
                .event(StreamBatch.keyIndexes(records, StreamBatch.KeyMix.UNIFORM, 7));
        BackupHandler handler = new BackupHandler();
        System.gc();
        long eventHeap = heapUsed();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        AfterGcPeak afterGc = AfterGcPeak.start();
        long start = System.nanoTime();
        check(handler.handleRequest(event, null));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long liveHeap = afterGc.stop();
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("PROBE eventHeap=" + eventHeap + " peakHeap=" + peakHeap + " liveHeap=" + liveHeap
                + " vmHwmKb=" + vmHwmKb()
                + " maxHeap=" + Runtime.getRuntime().maxMemory() + " millis=" + millis);
    }

    /** A probe measures only batches the function wrote whole. */
    static void check(StreamsEventResponse response) {
        if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("The batch had failed records: " + response.getBatchItemFailures().size());
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Peak resident set size of this process, from Linux's /proc (0 elsewhere). */
    private static long vmHwmKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Now in epoch microseconds: comparable across processes of one machine (the harness uses it too). */
    public static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
