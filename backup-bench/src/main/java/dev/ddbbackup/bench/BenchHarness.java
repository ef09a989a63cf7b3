package dev.ddbbackup.bench;

import dev.ddbbackup.local.s3.SelfSignedTls;
import dev.ddbbackup.bench.probe.StreamBatch.KeyMix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs every benchmark of a {@link BenchPlan} against in-process servers and writes
 * {@code benchmark-results.md} and {@code bench-concurrency.png} into the output directory.
 */
public final class BenchHarness {

    public static final String RESULTS = "benchmark-results.md";
    public static final String CHART = "bench-concurrency.png";
    public static final String CHECKPOINT_CHART = "bench-checkpoint.png";

    private final BenchPlan plan;
    private final Consumer<String> progress;

    public BenchHarness(BenchPlan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** Runs the plan; returns the Markdown file written. */
    public Path run(Path outDir, String command) throws Exception {
        Files.createDirectories(outDir);
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        BenchReport report = new BenchReport().header(command, date, new MachineInfo(), plan);
        Path work = Files.createTempDirectory("ddb-backup-bench");
        boolean moto = BenchPlan.MOTO.equals(plan.s3Server);
        // Kept after the run (the work directory is not): the server's side of any failure.
        Path motoLog = moto ? Files.createTempFile("bench-moto-server-", ".log") : null;
        progress.accept("starting DynamoDB Local and " + (moto ? "moto_server (log: " + motoLog + ")" : "S3Mock"));
        // HTTPS for the CPU section (on AWS the function talks HTTPS to S3): S3Mock only.
        SelfSignedTls tls = plan.sections.contains("cpu") && !moto ? SelfSignedTls.create(work.resolve("tls")) : null;
        try (BenchServers servers = BenchServers.start(java.time.Duration.ofMillis(plan.s3LatencyMillis), plan.s3Server,
                motoLog, tls)) {
            Path md = outDir.resolve(RESULTS);
            if (plan.sections.contains("throughput")) {
                throughput(servers, report, outDir);
                save(md, report);
            }
            boolean probes = plan.sections.contains("coldstart") || plan.sections.contains("memory")
                    || plan.sections.contains("cpu");
            if (probes && plan.functionZip == null) {
                report.section("## Cold start and memory\n\nNot measured: no Lambda zip given.\n\n");
            } else if (probes) {
                FunctionRuntime runtime = FunctionRuntime.prepare(plan.functionZip, plan, work, probeEnvironment(servers));
                if (plan.sections.contains("coldstart")) {
                    FunctionRuntime baseline = plan.baselineZip == null ? null
                            : FunctionRuntime.prepare(plan.baselineZip, plan, work.resolve("baseline"), probeEnvironment(servers));
                    report.coldStart(ColdStartBench.run(runtime, baseline, plan.coldStartWarmups, plan.coldStarts,
                            BenchServers.TABLE, progress), plan, runtime.jars());
                    save(md, report);
                }
                if (plan.sections.contains("cpu")) {
                    report.section(new CpuReport(plan).markdown(cpu(servers, work, progress)));
                    save(md, report);
                }
                if (plan.sections.contains("memory")) {
                    report.memory(MemoryBench.run(runtime, plan.memoryProcesses, BenchServers.TABLE,
                            plan.memoryRecords, plan.memoryItemBytes, progress), plan.memoryProcesses, plan.lambdaJvmOptions);
                    save(md, report);
                }
            }
            if (plan.sections.contains("runtime-client")) {
                if (plan.functionZip == null || plan.runtimeJars == null) {
                    report.section("## Under the Lambda runtime interface client\n\nNot measured: no Lambda zip or"
                            + " runtime jars given.\n\n");
                } else {
                    report.runtimeClient(RuntimeClientBench.run(plan.functionZip, plan.runtimeJars, work,
                            probeEnvironment(servers), plan.coldStartWarmups, plan.runtimeClientProcesses,
                            plan.runtimeClientWarmBatches, BenchServers.TABLE, progress), plan);
                }
                save(md, report);
            }
            if (plan.sections.contains("restore")) {
                RestoreBench bench = new RestoreBench(servers, progress);
                List<RestoreBench.Result> results = new ArrayList<>();
                for (int items : plan.restoreItems) {
                    results.add(bench.run(items, items <= plan.naiveMaxItems, work));
                    // Partial results survive a run that is stopped before the larger sizes finish.
                    save(md, new BenchReport().section(report.markdown()).restore(results));
                }
                report.restore(results);
                save(md, report);
            }
            if (plan.sections.contains("cost")) {
                if (plan.functionZip == null) {
                    report.section("## Cost per million changes\n\nNot measured: no Lambda zip given.\n\n");
                } else {
                    report.section(CostReport.markdown(CostBench.run(servers, plan, cpuEnvironment(servers, null), work,
                            progress), plan));
                }
                save(md, report);
            }
            if (plan.sections.contains("checkpoint")) {
                CheckpointBench bench = new CheckpointBench(servers, progress);
                // Unmeasured: the first restores of a run pay for JIT compilation and connection set-up.
                progress.accept("checkpoint: warm-up round (not reported)");
                bench.run(plan.checkpointItems, 1);
                List<CheckpointBench.Result> results = new ArrayList<>();
                for (int versions : plan.checkpointVersions) {
                    results.add(bench.run(plan.checkpointItems, versions));
                    // Partial results survive a run that is stopped before the deeper histories finish.
                    save(md, new BenchReport().section(report.markdown()).checkpoint(results, CHECKPOINT_CHART));
                }
                Charts.checkpoint(results, outDir.resolve(CHECKPOINT_CHART));
                report.checkpoint(results, CHECKPOINT_CHART);
            }
        } finally {
            deleteTree(work);
        }
        Path md = outDir.resolve(RESULTS);
        save(md, report);
        progress.accept("wrote " + md + " and " + outDir.resolve(CHART));
        return md;
    }

    private void throughput(BenchServers servers, BenchReport report, Path outDir) throws Exception {
        ThroughputBench bench = new ThroughputBench(servers, plan, progress);
        Map<Integer, List<ThroughputBench.SweepPoint>> sweeps = new LinkedHashMap<>();
        for (int itemBytes : plan.itemSizes) {
            sweeps.put(itemBytes, bench.sweep(itemBytes));
        }
        List<ThroughputBench.Comparison> rows = new ArrayList<>();
        for (int records : plan.batchSizes) {
            for (int itemBytes : plan.itemSizesFor(records)) {
                int best = sweeps.get(itemBytes).stream()
                        .max(Comparator.comparingDouble(p -> p.raw().median())).orElseThrow().concurrency();
                for (KeyMix mix : plan.keyMixes) {
                    rows.add(bench.compare(records, itemBytes, mix, best));
                }
            }
        }
        Charts.concurrency(sweeps, plan.sweepRecords, outDir.resolve(CHART));
        report.throughput(rows, plan).sweep(sweeps, plan.sweepRecords, CHART);
    }

    /** Writes the report so far: a long run that is stopped keeps the sections it finished. */
    private static void save(Path md, BenchReport report) throws java.io.IOException {
        Files.writeString(md, report.markdown(), StandardCharsets.UTF_8);
    }

    /**
     * The CPU section over plain HTTP and, when the S3 server serves it, HTTPS; with S3's request
     * checksums as on AWS ({@code WHEN_SUPPORTED}: the endpoint override alone would turn them off,
     * see AwsClients), so the figures are those of a function writing to S3 itself.
     */
    private List<CpuBench.Row> cpu(BenchServers servers, Path work, Consumer<String> progress) throws Exception {
        List<CpuBench.Row> rows = new ArrayList<>();
        Map<String, Map<String, String>> transports = new LinkedHashMap<>();
        if (plan.cpuTransports.contains("HTTP")) {
            transports.put("HTTP", cpuEnvironment(servers, null));
        }
        if (plan.cpuTransports.contains("HTTPS")) {
            servers.s3HttpsEndpoint().ifPresent(https -> transports.put("HTTPS", cpuEnvironment(servers, https)));
        }
        for (Map.Entry<String, Map<String, String>> t : transports.entrySet()) {
            Map<String, FunctionRuntime> runtimes = new LinkedHashMap<>();
            Map<String, FunctionRuntime> baselines = new LinkedHashMap<>();
            for (String mode : plan.cpuStorageModes) {
                Map<String, String> env = new LinkedHashMap<>(t.getValue());
                env.put("StorageMode", mode);
                Path dir = work.resolve("cpu-" + t.getKey() + "-" + mode);
                runtimes.put(mode, FunctionRuntime.prepare(plan.functionZip, plan, dir.resolve("function"), env));
                baselines.put(mode, plan.baselineZip == null ? null
                        : FunctionRuntime.prepare(plan.baselineZip, plan, dir.resolve("baseline"), env));
            }
            // Shape by shape, the storage modes one after the other: each pair meets the machine as it is then.
            for (CpuBench.Shape shape : plan.cpuShapes) {
                for (String mode : plan.cpuStorageModes) {
                    rows.addAll(CpuBench.run(plan, mode, t.getKey(), shape, runtimes.get(mode), baselines.get(mode),
                            progress));
                }
            }
        }
        return rows;
    }

    private Map<String, String> cpuEnvironment(BenchServers servers, java.net.URI https) {
        Map<String, String> env = probeEnvironment(servers);
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_SUPPORTED");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "WHEN_SUPPORTED");
        if (https != null) {
            env.put("AWS_ENDPOINT_URL_S3", https.toString());
            // The CRT HTTP client's trust store: the self-signed certificate of the S3 server only.
            env.put("SSL_CERT_FILE", servers.tls().certificatePem().toString());
        }
        return env;
    }

    /** What Lambda would set, pointed at the servers in this JVM. */
    private Map<String, String> probeEnvironment(BenchServers servers) {
        Map<String, String> env = new LinkedHashMap<>();
        if (plan.snapStart) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        env.put("BackupBucket", BenchServers.BUCKET);
        env.put("AWS_ENDPOINT_URL_S3", servers.s3Endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", servers.endpoints().dynamoDbEndpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", BenchServers.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", BenchServers.SECRET_KEY);
        return env;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
