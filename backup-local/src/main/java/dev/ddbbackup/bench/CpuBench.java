package dev.ddbbackup.bench;

import dev.ddbbackup.bench.FunctionRuntime.Jit;
import dev.ddbbackup.bench.probe.StreamBatch.KeyMix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The function's CPU per record on warm batches (what Lambda bills and what caps a busy shard at
 * about 0.6 vCPU for 1024 MB): fresh JVMs on the Lambda zip's classpath, each handling warm-up
 * batches and then measured ones, for every batch shape and JIT setting; with a baseline zip, its
 * processes alternate with the function's (taking turns going first), so both meet the same machine.
 */
final class CpuBench {

    /** One batch shape. */
    public record Shape(int records, int itemBytes, KeyMix mix) {
        String label() {
            return String.format("%,d records, %s items, %s keys", records, ThroughputBench.size(itemBytes), mix.label);
        }
    }

    /** Per build: CPU milliseconds per 1,000 records, allocated KB per record, one sample per measured batch. */
    record Figures(Samples cpuMsPer1000, Samples allocKbPerRecord, Samples wallMsPer1000) {
    }

    /**
     * One shape under one JIT over one transport: the function's figures and, when asked for, the
     * baseline's (under {@code baselineJit}) and the SDK floor's (the same PUTs alone, same JIT).
     */
    record Row(Shape shape, Jit jit, String transport, Figures function, Jit baselineJit, Figures baseline,
            Figures sdkFloor) {
    }

    private CpuBench() {
    }

    /** @param transport "HTTP" or "HTTPS": how the runtimes reach S3 (their environment says where) */
    /**
     * @param baselineJit the baseline's JIT in every row (as it deploys), or null: the row's
     * @param sdkFloor also measure the same PUTs made alone with the function's S3 client
     */
    static List<Row> run(FunctionRuntime runtime, FunctionRuntime baseline, Jit baselineJit, boolean sdkFloor,
            String transport, List<Shape> shapes, List<Jit> jits, int processes, int warmups, int runs, String table,
            Consumer<String> progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Shape shape : shapes) {
            for (Jit jit : jits) {
                Map<String, List<Double>> f = newSamples();
                Map<String, List<Double>> b = newSamples();
                Map<String, List<Double>> floor = newSamples();
                Jit bJit = baselineJit != null ? baselineJit : jit;
                for (int p = 1; p <= processes; p++) {
                    progress.accept(String.format("cpu: %s, %s, %s, process %d/%d%s", transport, shape.label(), jit.label,
                            p, processes,
                            baseline == null ? "" : ", and the baseline's"));
                    boolean baselineFirst = baseline != null && p % 2 == 0;
                    if (baselineFirst) {
                        measure(baseline, "cpu", bJit, shape, warmups, runs, table, b, progress);
                    }
                    measure(runtime, "cpu", jit, shape, warmups, runs, table, f, progress);
                    if (sdkFloor) {
                        measure(runtime, "cpu-sdk-floor", jit, shape, warmups, runs, table, floor, progress);
                    }
                    if (baseline != null && !baselineFirst) {
                        measure(baseline, "cpu", bJit, shape, warmups, runs, table, b, progress);
                    }
                }
                rows.add(new Row(shape, jit, transport, figures(f), bJit, baseline == null ? null : figures(b),
                        sdkFloor ? figures(floor) : null));
            }
        }
        return rows;
    }

    private static void measure(FunctionRuntime runtime, String mode, Jit jit, Shape shape, int warmups, int runs,
            String table, Map<String, List<Double>> into, Consumer<String> progress) throws Exception {
        Map<String, Long> v = FunctionRuntime.probeValues(FunctionRuntime.output(runtime.start(jit, List.of(), mode,
                table, Integer.toString(shape.records()), Integer.toString(shape.itemBytes()), shape.mix().name(),
                Integer.toString(warmups), Integer.toString(runs))));
        StringBuilder series = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            series.append(i == 0 ? "" : " ").append(v.get("cpuNanos" + i) / 1_000_000);
            into.get("cpu").add(v.get("cpuNanos" + i) / 1e6 * 1000.0 / shape.records());
            into.get("alloc").add(v.get("allocBytes" + i) / 1024.0 / shape.records());
            into.get("wall").add(v.get("wallNanos" + i) / 1e6 * 1000.0 / shape.records());
        }
        progress.accept(String.format("  %s, %s: CPU ms of each measured batch, in order: %s", mode, jit.label, series));
    }

    private static Map<String, List<Double>> newSamples() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("cpu", new ArrayList<>());
        m.put("alloc", new ArrayList<>());
        m.put("wall", new ArrayList<>());
        return m;
    }

    private static Figures figures(Map<String, List<Double>> m) {
        return new Figures(Samples.of(m.get("cpu")), Samples.of(m.get("alloc")), Samples.of(m.get("wall")));
    }
}
