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
     * One shape under each of the plan's JITs: the function's processes, the baseline's alternating
     * with them when there is one (under the plan's baseline JIT, or the row's), and the SDK floor's
     * when the plan asks for it.
     *
     * @param transport "HTTP" or "HTTPS": how the runtimes reach S3 (their environment says where)
     */
    static List<Row> run(BenchPlan plan, String storageMode, String transport, Shape shape, FunctionRuntime runtime,
            FunctionRuntime baseline, Consumer<String> progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Jit jit : plan.cpuJits) {
            Collected f = new Collected();
            Collected b = new Collected();
            Collected floor = new Collected();
            Jit bJit = plan.cpuBaselineJit != null ? plan.cpuBaselineJit : jit;
            int processes = plan.cpuProcesses;
            for (int p = 1; p <= processes; p++) {
                progress.accept(String.format("cpu: %s mode, %s, %s, %s, process %d/%d%s", storageMode, transport,
                        shape.label(), jit.label, p, processes, baseline == null ? "" : ", and the baseline's"));
                boolean baselineFirst = baseline != null && p % 2 == 0;
                if (baselineFirst) {
                    measure(baseline, "cpu", bJit, shape, plan, b, progress);
                }
                measure(runtime, "cpu", jit, shape, plan, f, progress);
                if (plan.cpuSdkFloor) {
                    measure(runtime, "cpu-sdk-floor", jit, shape, plan, floor, progress);
                }
                if (baseline != null && !baselineFirst) {
                    measure(baseline, "cpu", bJit, shape, plan, b, progress);
                }
            }
            rows.add(new Row(storageMode, shape, jit, transport, f.figures(), bJit, baseline == null ? null : b.figures(),
                    plan.cpuSdkFloor ? floor.figures() : null));
        }
        return rows;
    }

    /** One probe process: the plan's warm-up batches of the shape, then its measured ones. */
    private static void measure(FunctionRuntime runtime, String mode, Jit jit, Shape shape, BenchPlan plan,
            Collected into, Consumer<String> progress) throws Exception {
        int runs = plan.cpuRuns;
        Map<String, Long> v = runtime.probe(jit, mode, BenchServers.TABLE, Integer.toString(shape.records()),
                Integer.toString(shape.itemBytes()), shape.mix().name(), Integer.toString(plan.cpuWarmups),
                Integer.toString(runs));
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
