package dev.ddbbackup.bench;

import dev.ddbbackup.bench.probe.RequestCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a million changes cost in each storage mode: the same changes through the function (a probe
 * JVM on the Lambda zip's classpath, as the cpu section runs it) in batches of each size, each
 * configuration into a fresh bucket; S3 requests counted by operation on the function's own client
 * (every HTTP attempt, retries included), bytes stored as the versions the batches added, and the
 * handler's CPU and wall time (Lambda's billed duration).
 */
final class CostBench {

    /** The SDK's classpath resource naming interceptors every client in the JVM adds. */
    static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    /** One storage mode at one batch size. */
    record Row(String storageMode, int batchSize, int changes, int batches, Map<String, Long> requests,
            long storedBytes, long storedVersions, long cpuNanos, long wallNanos, long maxWallNanos) {

        double perMillion(double value) {
            return value * 1_000_000.0 / changes;
        }

        long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        /** PUT, COPY, POST and LIST: S3's dearer request class. */
        long tier1Requests() {
            return requests.entrySet().stream().filter(e -> tier1(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        long tier2Requests() {
            return totalRequests() - tier1Requests();
        }

        static boolean tier1(String operation) {
            return operation.startsWith("Put") || operation.startsWith("List") || operation.startsWith("Copy")
                    || operation.startsWith("Create") || operation.startsWith("Complete")
                    || operation.startsWith("Upload") || operation.equals("RestoreObject");
        }
    }

    private CostBench() {
    }

    /**
     * @param environment the probes' environment (the function's), to which each run adds its
     *     StorageMode and a fresh bucket
     */
    static List<Row> run(BenchServers servers, BenchPlan plan, Map<String, String> environment, Path work,
            Consumer<String> progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int batchSize : plan.costBatchSizes) {
            for (String mode : plan.costStorageModes) {
                Map<String, String> env = new java.util.LinkedHashMap<>(environment);
                env.put("StorageMode", mode);
                env.put("BackupBucket", servers.newBucket());
                Path dir = work.resolve("cost-" + mode + "-" + batchSize);
                FunctionRuntime runtime = FunctionRuntime.prepare(plan.functionZip, plan, dir, env);
                Path resource = dir.resolve("probe").resolve(GLOBAL_INTERCEPTORS);
                Files.createDirectories(resource.getParent());
                Files.writeString(resource, RequestCounter.class.getName() + "\n", StandardCharsets.UTF_8);
                progress.accept(String.format("cost: %s mode, %,d changes in batches of %,d", mode, plan.costChanges,
                        batchSize));
                Map<String, Long> v = runtime.probe(FunctionRuntime.Jit.C1, "cost", BenchServers.TABLE,
                        Integer.toString(batchSize), Integer.toString(plan.costChanges), Integer.toString(plan.costItemBytes));
                Map<String, Long> requests = new TreeMap<>();
                v.forEach((k, n) -> {
                    if (k.startsWith("req.") && n > 0) {
                        requests.put(k.substring(4), n);
                    }
                });
                Row row = new Row(mode, batchSize, plan.costChanges, v.get("batches").intValue(), requests,
                        v.get("storedBytes"), v.get("storedVersions"), v.get("cpuNanos"), v.get("wallNanos"),
                        v.get("maxWallNanos"));
                progress.accept(String.format("  %s requests, %,d bytes stored, %,d ms CPU", requests, row.storedBytes(),
                        row.cpuNanos() / 1_000_000));
                rows.add(row);
            }
        }
        return rows;
    }
}
