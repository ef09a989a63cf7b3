package dev.ddbbackup.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Markdown of the CPU section: a row per storage mode, transport, batch and JIT, then each process's batches. */
final class CpuReport {

    /** A column of the table: its heading, its alignment rule and its cell of a row. */
    private record Column(String heading, String rule, Function<CpuBench.Row, String> cell) {
    }

    private final BenchPlan plan;
    /** The storage modes side by side: a column of its own, and a table of their ratios. */
    private final boolean modes;
    private final List<Column> columns;

    CpuReport(BenchPlan plan) {
        this.plan = plan;
        this.modes = plan.cpuStorageModes.size() > 1;
        this.columns = columns(modes, plan.baselineZip != null, plan.cpuSdkFloor);
    }

    String markdown(List<CpuBench.Row> rows) {
        StringBuilder md = new StringBuilder(BenchReport.intro("CPU per record", "The function's own CPU time (user + system of its process, every thread and the garbage"
                + " collector included; the S3 server runs in another process) per 1,000 records, on warm batches:"
                + " %d fresh JVM(s) per build, shape and JIT, each handling %d unmeasured batches and then %d measured"
                + " ones (one sample per measured batch), with `%s` and the JIT named in the row, on the Lambda zip's"
                + " classpath. S3's request checksums as on AWS (WHEN_SUPPORTED); S3 over plain HTTP and over HTTPS"
                + " (S3Mock with a self-signed certificate the function's CRT client is given through SSL_CERT_FILE):"
                + " on AWS it is HTTPS, where the SDK sends the payload unsigned and TLS costs CPU of its own."
                + " Allocation: bytes allocated by all threads per record. Median (min–max).%s%n%n",
                plan.cpuProcesses, plan.cpuWarmups, plan.cpuRuns, plan.lambdaJvmOptions,
                (plan.baselineZip == null ? "" : " The baseline `" + plan.baselineZip + "` runs in processes alternating"
                        + " with the function's, taking turns going first, under the JIT in its column.")
                + (plan.cpuSdkFloor ? " SDK PutObject alone: the same batches' PUTs (same bodies, metadata and"
                        + " concurrency) made directly with the function's S3 client and writer, everything prepared"
                        + " before the clock starts: the SDK's share; the function's own work is the difference."
                        : "")
                + (plan.snapStart ? " The probes start as a SnapStart init (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start):"
                        + " the function primes its path in the constructor, before the warm-up batches." : "")));
        md.append(line(c -> " " + c.heading() + " "));
        md.append(line(Column::rule));
        for (CpuBench.Row r : rows) {
            md.append(line(c -> " " + c.cell().apply(r) + " "));
        }
        if (modes) {
            md.append(storageModeRatios(rows));
        }
        md.append("\nCPU ms of each measured batch, in order, per process (how the JIT warms up):\n\n");
        for (CpuBench.Row r : rows) {
            String what = (modes ? r.storageMode() + " mode, " : "") + r.transport() + ", " + r.shape().label() + ", " + r.jit().label;
            md.append("- ").append(what).append(": function ").append(r.function().batchSeries());
            if (r.sdkFloor() != null) {
                md.append("; SDK PutObject alone ").append(r.sdkFloor().batchSeries());
            }
            if (r.baseline() != null) {
                md.append("; baseline (").append(r.baselineJit().label).append(") ").append(r.baseline().batchSeries());
            }
            md.append('\n');
        }
        md.append('\n');
        return md.toString();
    }

    /** The columns: the baseline's beside the function's when there is one, the SDK floor's when it was measured. */
    private static List<Column> columns(boolean modes, boolean baseline, boolean sdkFloor) {
        List<Column> c = new ArrayList<>();
        if (modes) {
            c.add(new Column("Storage mode", "---", CpuBench.Row::storageMode));
        }
        c.add(new Column("S3 over", "---", CpuBench.Row::transport));
        c.add(new Column("Batch", "---", r -> r.shape().label()));
        c.add(new Column("JIT", "---", r -> r.jit().label));
        c.add(new Column("CPU ms / 1,000 records", "---:", r -> r.function().cpuMsPer1000().format("%,.0f")));
        if (baseline) {
            c.add(new Column("Baseline JIT", "---", r -> r.baselineJit().label));
            c.add(new Column("Baseline CPU ms", "---:", r -> r.baseline().cpuMsPer1000().format("%,.0f")));
            c.add(new Column("CPU vs baseline", "---:", r -> String.format("%.2fx",
                    r.function().cpuMsPer1000().median() / r.baseline().cpuMsPer1000().median())));
        }
        if (sdkFloor) {
            c.add(new Column("SDK PutObject alone, CPU ms", "---:", r -> r.sdkFloor().cpuMsPer1000().format("%,.0f")));
            c.add(new Column("Function beyond the SDK's PUTs", "---:", r -> String.format("%,.0f ms",
                    r.function().cpuMsPer1000().median() - r.sdkFloor().cpuMsPer1000().median())));
        }
        c.add(new Column("Allocated KB / record", "---:", r -> r.function().allocKbPerRecord().format("%,.1f")));
        if (baseline) {
            c.add(new Column("Baseline KB / record", "---:", r -> r.baseline().allocKbPerRecord().format("%,.1f")));
        }
        c.add(new Column("Wall ms / 1,000 records", "---:", r -> r.function().wallMsPer1000().format("%,.0f")));
        if (baseline) {
            c.add(new Column("Baseline wall ms", "---:", r -> r.baseline().wallMsPer1000().format("%,.0f")));
        }
        return c;
    }

    /** One line of the table: each column's text between bars. */
    private String line(Function<Column, String> text) {
        return columns.stream().map(c -> "|" + text.apply(c)).collect(Collectors.joining("", "", "|\n"));
    }

    /** Per transport, batch and JIT of the CPU section: log mode's median CPU over objects mode's. */
    private static String storageModeRatios(List<CpuBench.Row> rows) {
        StringBuilder md = new StringBuilder("\nLog mode against objects mode, same transport, batch and JIT (median CPU"
                + " ms per 1,000 records, log ÷ objects):\n\n| S3 over | Batch | JIT | Objects | Log | Log ÷ objects |\n"
                + "|---|---|---|---:|---:|---:|\n");
        for (CpuBench.Row log : rows) {
            if (!log.storageMode().equals("log")) {
                continue;
            }
            rows.stream().filter(o -> o.storageMode().equals("objects") && o.transport().equals(log.transport())
                    && o.shape().equals(log.shape()) && o.jit() == log.jit()).findFirst()
                    .ifPresent(o -> md.append(String.format("| %s | %s | %s | %,.0f | %,.0f | %.2fx |%n", log.transport(),
                            log.shape().label(), log.jit().label, o.function().cpuMsPer1000().median(),
                            log.function().cpuMsPer1000().median(),
                            log.function().cpuMsPer1000().median() / o.function().cpuMsPer1000().median())));
        }
        return md.toString();
    }
}
