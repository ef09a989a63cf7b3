package dev.ddbbackup.bench.probe;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.VersionMetadata;
import dev.ddbbackup.stream.LocalContext;
import dev.ddbbackup.s3.S3Writer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /** The arguments both modes take: table, records per batch, item bytes, key mix, warm-up and measured batches. */
    private record Args(String table, int records, int itemBytes, StreamBatch.KeyMix mix, int warmups, int runs) {

        static Args of(String[] args) {
            return new Args(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    StreamBatch.KeyMix.valueOf(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        }

        int batches() {
            return warmups + runs;
        }

        /** Batch {@code i}'s stream records (the same keys for both modes and every build). */
        DynamodbEvent event(StreamBatch source, int i) {
            return source.event(StreamBatch.keyIndexes(records, mix, 42 + i));
        }
    }

    /** One unit of measured work. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** CPU, allocation and wall time of each batch, collected into the {@code PROBE} line from the first measured one. */
    private static final class Meter {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final StringBuilder line = new StringBuilder("PROBE");
        private final int warmups;

        Meter(int warmups) {
            this.warmups = warmups;
        }

        /** Runs batch {@code i}; it is reported when it comes after the warm-ups. */
        void measure(int i, Work work) throws Exception {
            long cpu = os.getProcessCpuTime();
            long alloc = threads.getTotalThreadAllocatedBytes();
            long wall = System.nanoTime();
            work.run();
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

        String line() {
            return line.toString();
        }
    }

    /** The function's handler on each batch, as Lambda calls it. */
    static void run(String[] arguments) throws Exception {
        Args args = Args.of(arguments);
        StreamBatch source = new StreamBatch(args.table(), args.itemBytes(), System.nanoTime());
        List<DynamodbEvent> batches = new ArrayList<>(args.batches());
        for (int i = 0; i < args.batches(); i++) {
            batches.add(args.event(source, i));
        }
        BackupHandler handler = new BackupHandler();
        Meter meter = new Meter(args.warmups());
        for (int i = 0; i < batches.size(); i++) {
            DynamodbEvent batch = batches.get(i);
            batches.set(i, null);
            String requestId = "cpu-" + i;
            meter.measure(i, () -> FunctionProbe.check(handler.handleRequest(batch, new LocalContext(requestId, 120_000))));
        }
        System.out.println(meter.line());
    }

    /**
     * The floor under the function's CPU: the same batches' PUTs made directly with the function's own
     * S3 client and writer ({@code AwsClients}, {@code S3Writer}: same HTTP client, checksums,
     * metadata and concurrency), with every body, key and header prepared before the clock starts.
     * What the function spends beyond this is its own work (parsing, JSON, keys, ordering, the change
     * log); this is the SDK's, one PutObject per record. Same arguments and output as {@link #run}.
     */
    static void runSdkFloor(String[] arguments) throws Exception {
        Args args = Args.of(arguments);
        Map<String, String> env = System.getenv();
        BackupConfig config = BackupConfig.fromEnvironment(env);
        S3Writer writer = new S3Writer(AwsClients.s3(ClientSettings.fromEnvironment(env).toBuilder()
                .maxConcurrency(config.writeConcurrency()).build()), config.bucket());
        StreamBatch source = new StreamBatch(args.table(), args.itemBytes(), System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(config.writeConcurrency());
        Meter meter = new Meter(args.warmups());
        for (int i = 0; i < args.batches(); i++) {
            List<Put> puts = new ArrayList<>(args.records());
            for (DynamodbEvent.DynamodbStreamRecord r : args.event(source, i).getRecords()) {
                puts.add(new Put(args.table() + "/" + r.getDynamodb().getKeys().get(StreamBatch.HASH_KEY).getS() + "-"
                        + puts.size(),
                        DynamoJson.eventItemToBytes(r.getDynamodb().getNewImage()),
                        VersionMetadata.of(r.getEventName(), r.getEventID(), r.getDynamodb().getSequenceNumber(),
                                r.getDynamodb().getApproximateCreationDateTime().toInstant())));
            }
            meter.measure(i, () -> {
                List<Future<String>> done = new ArrayList<>(puts.size());
                for (Put p : puts) {
                    done.add(pool.submit(() -> writer.putJson(p.key(), p.body(), p.metadata())));
                }
                for (Future<String> f : done) {
                    f.get();
                }
            });
        }
        pool.shutdown();
        System.out.println(meter.line());
    }

    private record Put(String key, byte[] body, Map<String, String> metadata) {
    }
}
