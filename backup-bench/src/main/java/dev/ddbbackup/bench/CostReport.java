package dev.ddbbackup.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown of the cost section. */
final class CostReport {

    /** The template's MemorySize: what Lambda bills duration at. */
    static final int FUNCTION_MEMORY_MB = 1024;

    private CostReport() {
    }

    static String markdown(List<CostBench.Row> rows, BenchPlan plan) {
        StringBuilder md = new StringBuilder(BenchReport.intro("Cost per million changes", "The same %,d changes (items of ~%s, every item written twice: half the changes are"
                + " updates) through the function in a probe JVM on the Lambda zip's classpath (`%s`, C1 only, as the"
                + " java17/java21 runtimes run it), in batches of each size, each storage mode into a fresh versioned"
                + " bucket of S3Mock; two unmeasured 200-record batches on other keys first. S3 requests: every HTTP"
                + " attempt of the function's own S3 client, by operation, counted by an SDK interceptor the probe"
                + " registers JVM-wide (no hook in the function); S3 bills every request it receives, retries"
                + " included, which is what this counts. Stored: the bytes and number of the object versions the"
                + " batches added (a version listing before and after). CPU: the process's CPU time (every thread and"
                + " the collector) over the batches; duration: the handler's wall time, what Lambda bills, at %,d MB."
                + " Everything scaled to one million changes; the machine is loaded, so CPU and duration are"
                + " comparable within this run only.%n%n", plan.costChanges,
                ThroughputBench.size(plan.costItemBytes), plan.lambdaJvmOptions, FUNCTION_MEMORY_MB));
        md.append("| BatchSize | Storage mode | S3 requests per million changes, by operation | PUT-class"
                + " (PUT, COPY, POST, LIST) per million | GET-class per million | PUTs per 1,000 changes | GB stored"
                + " per million | Versions stored per million | CPU s per million | Lambda s per million | GB-s per"
                + " million | Longest batch ms |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (CostBench.Row r : rows) {
            String byOp = r.requests().entrySet().stream()
                    .map(e -> String.format("%s %,.0f", e.getKey(), r.perMillion(e.getValue())))
                    .collect(Collectors.joining(", "));
            long puts = r.requests().entrySet().stream().filter(e -> e.getKey().startsWith("Put"))
                    .mapToLong(Map.Entry::getValue).sum();
            double durationS = r.perMillion(r.wallNanos() / 1e9);
            md.append(String.format("| %,d | %s | %s | %,.0f | %,.0f | %,.1f | %,.3f | %,.0f | %,.1f | %,.1f | %,.1f |"
                    + " %,d |%n", r.batchSize(), r.storageMode(), byOp, r.perMillion(r.tier1Requests()),
                    r.perMillion(r.tier2Requests()), puts * 1000.0 / r.changes(), r.perMillion(r.storedBytes()) / 1e9,
                    r.perMillion(r.storedVersions()), r.perMillion(r.cpuNanos() / 1e9), durationS,
                    durationS * FUNCTION_MEMORY_MB / 1024.0, r.maxWallNanos() / 1_000_000));
        }
        md.append("\nLog mode against objects mode at the same BatchSize (log ÷ objects):\n\n");
        md.append("| BatchSize | S3 requests | PUT-class requests | Bytes stored | CPU | Lambda duration |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (CostBench.Row log : rows) {
            if (!log.storageMode().equals("log")) {
                continue;
            }
            rows.stream().filter(o -> o.storageMode().equals("objects") && o.batchSize() == log.batchSize())
                    .findFirst().ifPresent(o -> md.append(String.format("| %,d | %.4fx | %.4fx | %.2fx | %.2fx | %.2fx |%n",
                            log.batchSize(), ratio(log.totalRequests(), o.totalRequests()), ratio(log.tier1Requests(),
                                    o.tier1Requests()), ratio(log.storedBytes(), o.storedBytes()),
                            ratio(log.cpuNanos(), o.cpuNanos()), ratio(log.wallNanos(), o.wallNanos()))));
        }
        md.append("\nRaw counts of the run: ");
        md.append(rows.stream().map(r -> String.format("%s/%,d: %,d batches, %s, %,d bytes in %,d versions, CPU %,d ms,"
                + " duration %,d ms", r.storageMode(), r.batchSize(), r.batches(), r.requests(), r.storedBytes(),
                r.storedVersions(), r.cpuNanos() / 1_000_000, r.wallNanos() / 1_000_000)).collect(Collectors.joining("; ")));
        md.append(".\n\n");
        return md.toString();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
