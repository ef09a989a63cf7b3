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
            check(handler.handleRequest(batch, new InvocationContext("cpu-" + i, 120_000)));
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

    /**
     * The floor under the function's CPU: the same batches' PUTs made directly with the function's own
     * S3 client and writer ({@code AwsClients}, {@code S3Writer}: same HTTP client, checksums,
     * metadata and concurrency), with every body, key and header prepared before the clock starts.
     * What the function spends beyond this is its own work (parsing, JSON, keys, ordering, the change
     * log); this is the SDK's, one PutObject per record. Same arguments and output as {@link #run}.
     */
    static void runSdkFloor(String[] args) throws Exception {
        String table = args[1];
        int records = Integer.parseInt(args[2]);
        int itemBytes = Integer.parseInt(args[3]);
        StreamBatch.KeyMix mix = StreamBatch.KeyMix.valueOf(args[4]);
        int warmups = Integer.parseInt(args[5]);
        int runs = Integer.parseInt(args[6]);
        java.util.Map<String, String> env = System.getenv();
        dev.ddbbackup.function.BackupConfig config = dev.ddbbackup.function.BackupConfig.fromEnvironment(env);
        software.amazon.awssdk.services.s3.S3Client s3 = dev.ddbbackup.aws.AwsClients.s3(
                dev.ddbbackup.aws.ClientSettings.fromEnvironment(env).toBuilder()
                        .maxConcurrency(config.writeConcurrency()).build());
        dev.ddbbackup.s3.S3Writer writer = new dev.ddbbackup.s3.S3Writer(s3, config.bucket());
        StreamBatch source = new StreamBatch(table, itemBytes, System.nanoTime());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                config.writeConcurrency());
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StringBuilder line = new StringBuilder("PROBE");
        for (int i = 0; i < warmups + runs; i++) {
            List<Put> puts = new ArrayList<>(records);
            int n = 0;
            for (DynamodbEvent.DynamodbStreamRecord r : source.event(StreamBatch.keyIndexes(records, mix, 42 + i)).getRecords()) {
                puts.add(new Put(table + "/" + r.getDynamodb().getKeys().get(StreamBatch.HASH_KEY).getS() + "-" + n++,
                        dev.ddbbackup.json.DynamoJson.eventItemToBytes(r.getDynamodb().getNewImage()),
                        dev.ddbbackup.layout.VersionMetadata.of(r.getEventName(), r.getEventID(),
                                r.getDynamodb().getSequenceNumber(), r.getDynamodb().getApproximateCreationDateTime().toInstant())));
            }
            long cpu = os.getProcessCpuTime();
            long alloc = threads.getTotalThreadAllocatedBytes();
            long wall = System.nanoTime();
            List<java.util.concurrent.Future<String>> done = new ArrayList<>(records);
            for (Put p : puts) {
                done.add(pool.submit(() -> writer.putJson(p.key, p.body, p.metadata)));
            }
            for (java.util.concurrent.Future<String> f : done) {
                f.get();
            }
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
        pool.shutdown();
        System.out.println(line);
    }

    private record Put(String key, byte[] body, java.util.Map<String, String> metadata) {
    }

    private static void check(StreamsEventResponse response) {
        if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("The batch had failed records: " + response.getBatchItemFailures().size());
        }
    }
}
