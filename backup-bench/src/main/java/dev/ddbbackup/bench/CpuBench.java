package dev.ddbbackup.bench;

import dev.ddbbackup.bench.FunctionRuntime.Jit;
import dev.ddbbackup.bench.probe.StreamBatch.KeyMix;
import java.util.ArrayList;
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
    record Figures(Samples cpuMsPer1000, Samples allocKbPerRecord, Samples wallMsPer1000, List<String> batchSeries) {
    }

    /**
     * One shape under one JIT over one transport: the function's figures and, when asked for, the
     * baseline's (under {@code baselineJit}) and the SDK floor's (the same PUTs alone, same JIT).
     */
    record Row(String storageMode, Shape shape, Jit jit, String transport, Figures function, Jit baselineJit,
            Figures baseline, Figures sdkFloor) {
    }

    private CpuBench() {
    }

    /**
     * @param transport "HTTP" or "HTTPS": how the runtimes reach S3 (their environment says where)
     * @param baselineJit the baseline's JIT in every row (as it deploys), or null: the row's
     * @param sdkFloor also measure the same PUTs made alone with the function's S3 client
     */
    static List<Row> run(String storageMode, FunctionRuntime runtime, FunctionRuntime baseline, Jit baselineJit, boolean sdkFloor,
            String transport, List<Shape> shapes, List<Jit> jits, int processes, int warmups, int runs, String table,
            Consumer<String> progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Shape shape : shapes) {
            for (Jit jit : jits) {
                Collected f = new Collected();
                Collected b = new Collected();
                Collected floor = new Collected();
                Jit bJit = baselineJit != null ? baselineJit : jit;
                for (int p = 1; p <= processes; p++) {
                    progress.accept(String.format("cpu: %s mode, %s, %s, %s, process %d/%d%s", storageMode, transport, shape.label(), jit.label,
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
                rows.add(new Row(storageMode, shape, jit, transport, f.figures(), bJit, baseline == null ? null : b.figures(),
                        sdkFloor ? floor.figures() : null));
            }
        }
        return rows;
    }

    private static void measure(FunctionRuntime runtime, String mode, Jit jit, Shape shape, int warmups, int runs,
            String table, Collected into, Consumer<String> progress) throws Exception {
        Map<String, Long> v = runtime.probe(jit, mode, table, Integer.toString(shape.records()),
                Integer.toString(shape.itemBytes()), shape.mix().name(), Integer.toString(warmups), Integer.toString(runs));
        StringBuilder series = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            series.append(i == 0 ? "" : " ").append(v.get("cpuNanos" + i) / 1_000_000);
            into.cpu.add(v.get("cpuNanos" + i) / 1e6 * 1000.0 / shape.records());
            into.alloc.add(v.get("allocBytes" + i) / 1024.0 / shape.records());
            into.wall.add(v.get("wallNanos" + i) / 1e6 * 1000.0 / shape.records());
        }
        into.series.add(series.toString());
        progress.accept(String.format("  %s, %s: CPU ms of each measured batch, in order: %s", mode, jit.label, series));
    }

    /** The samples of one contender in one row, as the processes report them. */
    private static final class Collected {
        final List<Double> cpu = new ArrayList<>();
        final List<Double> alloc = new ArrayList<>();
        final List<Double> wall = new ArrayList<>();
        /** Per process: its measured batches' CPU ms, in order (how the JIT warms up). */
        final List<String> series = new ArrayList<>();

        Figures figures() {
            return new Figures(Samples.of(cpu), Samples.of(alloc), Samples.of(wall), List.copyOf(series));
        }
    }
}
