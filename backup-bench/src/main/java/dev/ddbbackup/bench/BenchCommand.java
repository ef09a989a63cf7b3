package dev.ddbbackup.bench;

import dev.ddbbackup.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the benchmarks of docs/BENCHMARKS.md, against servers in this JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
                "Run the benchmarks against DynamoDB Local and S3Mock in this JVM (or moto_server: --s3 moto) and write Markdown",
                "tables and PNG charts.",
                "",
                "Handler throughput next to raw PUTs and a sequential writer (and the concurrency curve), cold start and",
                "memory of the function in fresh JVMs on the Lambda zip's classpath, cold start and warm batches of the",
                "Lambda zip under AWS's runtime interface client. Takes a while; --quick is a smoke run.",
                "Build first: mvn -B -DskipTests package"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "docs", description = "Directory for benchmark-results.md and the PNGs (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "A short smoke run: small batches, few runs.")
    boolean quick;

    @Option(names = "--function-zip", defaultValue = "backup-function/target/backup-function-lambda.zip",
            description = "The Lambda zip whose classpath the cold-start and memory probes use (default ${DEFAULT-VALUE}).")
    Path functionZip;

    @Option(names = "--baseline-zip", description = "A second Lambda zip (e.g. built from an earlier commit) whose cold"
            + " starts alternate with --function-zip's, for a side-by-side comparison.")
    Path baselineZip;

    @Option(names = "--runtime-jars", defaultValue = "target/lambda-runtime",
            description = "AWS's Lambda runtime interface client and its libraries, for the runtime-client section"
                    + " (default ${DEFAULT-VALUE}, filled by the build).")
    Path runtimeJars;

    @Option(names = "--runtime-client-runs", description = "Fresh runtimes of the runtime-client section (default 7; 2 with --quick).")
    Integer runtimeClientRuns;

    @Option(names = "--crt-jar", description = "All-platform aws-crt jar for the probes (default: the one the tools run with).")
    Path crtJar;

    @Option(names = "--snap-start", description = "Start the probes as in a SnapStart init (AWS_LAMBDA_INITIALIZATION_TYPE"
            + "=snap-start): a build that primes at init does so, and its first batch is then a restored snapshot's.")
    boolean snapStart;

    @Option(names = "--cpu-processes", description = "Fresh JVMs per build, batch, JIT and transport in the cpu"
            + " section (default 3; 1 with --quick).")
    Integer cpuProcesses;

    @Option(names = "--cpu-warmups", description = "Unmeasured batches per JVM in the cpu section, so the JIT has"
            + " compiled the hot path (default 8).")
    Integer cpuWarmups;

    @Option(names = "--cpu-batches", split = ",", paramLabel = "BATCH", description = "Batches of the cpu section:"
            + " 1kb-uniform, 10kb-uniform, 1kb-hot (1,000 records each). Default: all three.")
    List<String> cpuBatches;

    @Option(names = "--cpu-runs", description = "Measured batches per JVM in the cpu section (default 4).")
    Integer cpuRuns;

    @Option(names = "--cpu-jit", split = ",", paramLabel = "JIT", description = "JIT settings of the cpu section:"
            + " C1 (the java17/java21 runtimes' default), TIERED (C2 too). Default: both.")
    List<String> cpuJit;

    @Option(names = "--cpu-baseline-jit", paramLabel = "JIT", description = "The baseline's JIT in every cpu row (C1 or"
            + " TIERED: the JIT it deploys with), so a row compares the function under its JIT with the baseline as"
            + " deployed. Default: the row's JIT.")
    String cpuBaselineJit;

    @Option(names = "--cpu-sdk-floor", description = "Also measure, per cpu row, the same PUTs made alone with the"
            + " function's S3 client and writer: the SDK's share of the function's CPU.")
    boolean cpuSdkFloor;

    @Option(names = "--cpu-transports", split = ",", paramLabel = "TRANSPORT", description = "How the cpu section's"
            + " function reaches S3: HTTP, HTTPS (as on AWS). Default: both.")
    List<String> cpuTransports;

    @Option(names = "--cpu-storage-modes", split = ",", paramLabel = "MODE", description = "The function's StorageMode"
            + " in the cpu section: objects, log; both side by side, shape by shape. Default: objects.")
    List<String> cpuStorageModes;

    @Option(names = "--cost-changes", paramLabel = "N", description = "Changes per storage mode and batch size in the"
            + " cost section (default 20000; half of them updates).")
    Integer costChanges;

    @Option(names = "--cost-batch-sizes", split = ",", paramLabel = "N", description = "BatchSizes of the cost section"
            + " (default 100,1000,10000).")
    List<Integer> costBatchSizes;

    @Option(names = "--probe-java", paramLabel = "JAVA_HOME", description = "The JDK the function's probe JVMs run on"
            + " (cpu, coldstart, memory sections), e.g. a java25 JDK to compare runtimes. Default: this JVM's.")
    Path probeJava;

    @Option(names = "--probe-jvm-option", paramLabel = "OPTION", description = "An extra JVM option for the function's"
            + " probe JVMs, repeatable; e.g. -XX:StartFlightRecording=filename=/tmp/cpu.jfr,settings=profile to profile"
            + " the cpu section's batches.")
    List<String> probeJvmOptions;

    @Option(names = "--cold-starts", description = "Measured cold-start processes (default 7; 2 with --quick).")
    Integer coldStarts;

    @Option(names = "--sections", split = ",", paramLabel = "SECTION",
            description = "Only these sections: throughput, coldstart, runtime-client, memory, cpu, restore (restore"
                    + " includes the snapshot), checkpoint (restore time with and without a checkpoint by history depth),"
                    + " cost (S3 requests, bytes stored, CPU and duration per million changes in both storage modes)."
                    + " Default: all.")
    List<String> sections;

    @Option(names = "--restore-large", description = "Add 80,000 items to the restore and snapshot curve (long: 240,000 PUTs"
            + " through S3Mock to write the backup; the naive baseline is not run at that size).")
    boolean restoreLarge;

    @Option(names = "--large-batches", description = "Add 10,000-record batches to the throughput comparison (long:"
            + " S3Mock's PUT rate falls as a bucket fills, to tens per second past ~10,000 keys).")
    boolean largeBatches;

    @Option(names = "--s3-latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Latency the S3 server adds to every request (default ${DEFAULT-VALUE}: loopback speed)."
                    + " 20 is a conservative model of S3 (its performance guide speaks of 100-200 ms for small objects).")
    int s3LatencyMillis;

    @Option(names = "--s3", defaultValue = "s3mock", paramLabel = "SERVER",
            description = "The S3 server: s3mock (in this JVM, default) or moto (moto_server, started as a process; must be"
                    + " installed: pip install 'moto[server]'). With moto only the throughput and restore sections run, and"
                    + " --s3-latency-ms is modelled in the client.")
    String s3Server;

    @Option(names = "--restore-items", split = ",", paramLabel = "N",
            description = "Item counts of the restore and snapshot curve (default 5000,20000).")
    List<Integer> restoreItems;

    @Option(names = "--checkpoint-items", paramLabel = "N",
            description = "Items of the checkpoint section's table (default 2000; 200 with --quick).")
    Integer checkpointItems;

    @Option(names = "--checkpoint-versions", split = ",", paramLabel = "N",
            description = "Versions per item of the checkpoint section (default 1,10,100; 1,10 with --quick).")
    List<Integer> checkpointVersions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
        ifGiven(checkpointItems, v -> plan.checkpointItems = v);
        ifGiven(checkpointVersions, v -> plan.checkpointVersions = v);
        if (sections != null) {
            if (!BenchPlan.SECTIONS.containsAll(sections)) {
                throw new IllegalArgumentException("--sections takes " + String.join(", ", BenchPlan.SECTIONS));
            }
            plan.sections = new LinkedHashSet<>(sections);
        }
        if (!List.of(BenchPlan.S3_MOCK, BenchPlan.MOTO).contains(s3Server)) {
            throw new IllegalArgumentException("--s3 takes s3mock or moto");
        }
        plan.s3Server = s3Server;
        if (BenchPlan.MOTO.equals(s3Server)) {
            // Cold start and memory measure the function's JVM, not the S3 server.
            List<String> wanted = sections == null ? List.of("throughput", "restore") : sections;
            if (!List.of("throughput", "restore").containsAll(wanted)) {
                throw new IllegalArgumentException("--s3 moto runs the throughput and restore sections only");
            }
            plan.sections = new LinkedHashSet<>(wanted);
        }
        ifGiven(restoreItems, v -> plan.restoreItems = v);
        if (largeBatches) {
            plan.batchSizes = Stream.concat(plan.batchSizes.stream(), Stream.of(plan.largeBatch)).toList();
        }
        if (restoreLarge) {
            plan.restoreItems = Stream.concat(plan.restoreItems.stream(), Stream.of(80_000)).toList();
        }
        if (!Files.isRegularFile(functionZip)) {
            throw new IllegalArgumentException("Lambda zip not found: " + functionZip + " (run mvn -B -DskipTests package"
                    + " at the project root, or give --function-zip)");
        }
        if (s3LatencyMillis < 0) {
            throw new IllegalArgumentException("--s3-latency-ms must be 0 or more");
        }
        plan.s3LatencyMillis = s3LatencyMillis;
        plan.functionZip = functionZip;
        plan.crtJar = crtJar;
        if (baselineZip != null && !Files.isRegularFile(baselineZip)) {
            throw new IllegalArgumentException("Baseline zip not found: " + baselineZip);
        }
        plan.baselineZip = baselineZip;
        ifGiven(coldStarts, v -> plan.coldStarts = v);
        ifGiven(runtimeClientRuns, v -> plan.runtimeClientProcesses = v);
        plan.snapStart = snapStart;
        ifGiven(cpuProcesses, v -> plan.cpuProcesses = v);
        ifGiven(cpuWarmups, v -> plan.cpuWarmups = v);
        ifGiven(cpuRuns, v -> plan.cpuRuns = v);
        ifGiven(cpuBatches, v -> plan.cpuShapes = v.stream().map(BenchPlan::cpuShape).toList());
        ifGiven(cpuJit, v -> plan.cpuJits = v.stream().map(BenchPlan::jit).toList());
        ifGiven(cpuBaselineJit, v -> plan.cpuBaselineJit = BenchPlan.jit("--cpu-baseline-jit", v));
        plan.cpuSdkFloor = cpuSdkFloor;
        ifGiven(cpuTransports, v -> plan.cpuTransports = v.stream().map(BenchPlan::transport).toList());
        ifGiven(cpuStorageModes, v -> plan.cpuStorageModes = v.stream().map(BenchPlan::storageMode).distinct().toList());
        if (costChanges != null && costChanges < 1) {
            throw new IllegalArgumentException("--cost-changes must be 1 or more");
        }
        ifGiven(costChanges, v -> plan.costChanges = v);
        if (costBatchSizes != null && costBatchSizes.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--cost-batch-sizes must be 1 or more");
        }
        ifGiven(costBatchSizes, v -> plan.costBatchSizes = List.copyOf(v));
        ifGiven(probeJvmOptions, v -> plan.probeJvmOptions = List.copyOf(v));
        if (probeJava != null && !Files.isExecutable(probeJava.resolve("bin").resolve("java"))) {
            throw new IllegalArgumentException("--probe-java: no bin/java under " + probeJava);
        }
        ifGiven(probeJava, v -> plan.probeJavaHome = v);
        if (plan.sections.contains("runtime-client") && !Files.isDirectory(runtimeJars)) {
            throw new IllegalArgumentException("Runtime jars not found: " + runtimeJars + " (run mvn -B -DskipTests package"
                    + " at the project root, or give --runtime-jars)");
        }
        plan.runtimeJars = runtimeJars;
        Path md = new BenchHarness(plan, line -> System.err.println("[bench] " + line)).run(out, command());
        System.out.println("Wrote " + md);
        return Main.EXIT_OK;
    }

    /** The plan keeps its default where an option was not given. */
    private static <T> void ifGiven(T value, Consumer<T> set) {
        if (value != null) {
            set.accept(value);
        }
    }

    /** The command as typed (with --out always named), for the report. */
    String command() {
        List<String> args = new ArrayList<>(List.of("java", "-jar", "target/ddb-backup-bench.jar", "bench", "--out", out.toString()));
        // An option matched twice is listed twice, with all its values each time.
        for (OptionSpec option : new LinkedHashSet<>(spec.commandLine().getParseResult().matchedOptions())) {
            if (option.longestName().equals("--out")) {
                continue;
            }
            if (option.arity().max() == 0) {
                args.add(option.longestName());
                continue;
            }
            for (String value : option.originalStringValues()) {
                // A value that starts with a dash (a JVM option) is only read as one when attached.
                args.addAll(value.startsWith("-") ? List.of(option.longestName() + "=" + value)
                        : List.of(option.longestName(), value));
            }
        }
        return String.join(" ", args);
    }
}
