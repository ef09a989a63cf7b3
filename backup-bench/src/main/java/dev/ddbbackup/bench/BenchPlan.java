package dev.ddbbackup.bench;

import dev.ddbbackup.bench.probe.StreamBatch.KeyMix;
import dev.ddbbackup.function.BackupConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the harness measures and how often: the full run, the quick smoke run, or a test's tiny one. */
public final class BenchPlan {

    /** Batch sizes (records) of the handler-vs-PUT comparison. */
    public List<Integer> batchSizes = List.of(100, 1_000);
    /** Approximate item sizes in bytes. */
    public List<Integer> itemSizes = List.of(1_024, 10_240);
    /** Item sizes measured at batches of {@link #largeBatch} records or more (each 10 KB run writes 100 MB). */
    public List<Integer> largeItemSizes = List.of(1_024);
    public List<KeyMix> keyMixes = List.of(KeyMix.UNIFORM, KeyMix.HOT);
    /** Concurrencies of the sweep (handler WriteConcurrency and raw PUT threads). */
    public List<Integer> concurrencies = List.of(1, 4, 16, 32, 64, 128);
    /** Records per run of the concurrency sweep. */
    public int sweepRecords = 300;
    /** The handler's concurrency in the comparison: the function's default. */
    public int handlerConcurrency = BackupConfig.DEFAULT_WRITE_CONCURRENCY;
    /** Unmeasured rounds, then measured ones: every contender once per round. */
    public record Rounds(int warmups, int runs) {
    }

    public Rounds rounds = new Rounds(1, 3);
    /** Fewer rounds for batches this large or larger (S3Mock takes ~1 minute for 10,000 PUTs here). */
    public int largeBatch = 10_000;
    public Rounds largeRounds = new Rounds(0, 2);
    /** The sequential writer's rate is measured on at most this many PUTs of a batch. */
    public int sequentialCap = 300;

    public int coldStarts = 7;
    /** Unmeasured processes before the cold starts (they bring the jars into the page cache). */
    public int coldStartWarmups = 1;
    /** Fresh runtimes of the runtime-client section, and warm one-record batches after the first in each. */
    public int runtimeClientProcesses = 7;
    public int runtimeClientWarmBatches = 5;
    /** The runtime interface client and its libraries (target/lambda-runtime); the runtime-client section needs them. */
    public Path runtimeJars;
    public int memoryRecords = 10_000;
    public int memoryItemBytes = 10_240;
    public int memoryProcesses = 1;
    /**
     * The JVM flags the Lambda Java runtime itself launches with, for the template's 1024 MB: heap 85%
     * of the memory, metaspace 10%, code cache 5%, the serial collector, tiered compilation stopped at
     * level 1 (the java17+ runtimes' default). {@code -XX:MaxRAM} sizes the JVM's other defaults
     * (initial heap) for 1 GB, as Lambda's 1 GB sandbox does. The same as the runtime-client section's.
     */
    public String lambdaJvmOptions = String.join(" ", dev.ddbbackup.runtime.LambdaSandbox.jvmOptions(1024));

    /** Batch shapes of the CPU section: the throughput comparison's 1,000-record batches. */
    public List<CpuBench.Shape> cpuShapes = List.of(
            new CpuBench.Shape(1_000, 1_024, KeyMix.UNIFORM),
            new CpuBench.Shape(1_000, 10_240, KeyMix.UNIFORM),
            new CpuBench.Shape(1_000, 1_024, KeyMix.HOT));
    /** A batch of the CPU section by name: 1kb-uniform, 10kb-uniform or 1kb-hot; a usage error otherwise. */
    public static CpuBench.Shape cpuShape(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "1kb-uniform" -> new CpuBench.Shape(1_000, 1_024, KeyMix.UNIFORM);
            case "10kb-uniform" -> new CpuBench.Shape(1_000, 10_240, KeyMix.UNIFORM);
            case "1kb-hot" -> new CpuBench.Shape(1_000, 1_024, KeyMix.HOT);
            default -> throw new IllegalArgumentException("--cpu-batches: " + name
                    + " is none of 1kb-uniform, 10kb-uniform, 1kb-hot");
        };
    }

    /** A JIT setting by name (C1 or TIERED, any case); a usage error otherwise. */
    public static FunctionRuntime.Jit jit(String name) {
        return jit("--cpu-jit", name);
    }

    /** As {@link #jit(String)}, the usage error naming {@code option}. */
    public static FunctionRuntime.Jit jit(String option, String name) {
        return FunctionRuntime.Jit.valueOf(either(option + ": ", name, name.strip().toUpperCase(Locale.ROOT), "C1", "TIERED"));
    }

    /** {@code value} ({@code name} normalised) when it is {@code a} or {@code b}; a usage error naming {@code what} otherwise. */
    private static String either(String what, String name, String value, String a, String b) {
        if (!value.equals(a) && !value.equals(b)) {
            throw new IllegalArgumentException(what + name + " is neither " + a + " nor " + b);
        }
        return value;
    }

    /**
     * The probes start as in a SnapStart init ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), so a
     * build that primes at init does so: its cold-start rows then show what a restored snapshot's
     * first batch costs (the init runs at publish time, off the cold path).
     */
    public boolean snapStart;

    /** How the CPU section's function reaches S3: HTTP and HTTPS (HTTPS only when the S3 server serves it). */
    public List<String> cpuTransports = List.of("HTTP", "HTTPS");

    /** A transport of the CPU section by name (HTTP or HTTPS, any case); a usage error otherwise. */
    public static String transport(String name) {
        return either("--cpu-transports: ", name, name.strip().toUpperCase(Locale.ROOT), "HTTP", "HTTPS");
    }

    /** Extra JVM options of the function's probe JVMs (a profiler), after Lambda's and the JIT's. */
    public List<String> probeJvmOptions = List.of();

    /** The JDK of the function's probe JVMs; {@code null}: the harness's own. */
    public java.nio.file.Path probeJavaHome;

    /** The baseline's JIT in every CPU row (the JIT it deploys with); null: the row's own. */
    public FunctionRuntime.Jit cpuBaselineJit;
    /** Also measure the CPU section's PUTs made alone with the function's S3 client (the SDK floor). */
    public boolean cpuSdkFloor;

    /** The JIT settings of the CPU section. */
    public List<FunctionRuntime.Jit> cpuJits = List.of(FunctionRuntime.Jit.values());
    /** Fresh JVMs per build, shape and JIT in the CPU section. */
    public int cpuProcesses = 3;
    /** Unmeasured batches per CPU process, so that the JIT has compiled the hot path. */
    public int cpuWarmups = 8;
    /** Measured batches per CPU process. */
    public int cpuRuns = 4;

    /** Which sections run: throughput, coldstart, memory, cpu, restore (restore includes the snapshot). */
    public java.util.Set<String> sections = new java.util.LinkedHashSet<>(SECTIONS);
    public static final List<String> SECTIONS = List.of("throughput", "coldstart", "runtime-client", "memory", "cpu",
            "restore", "checkpoint", "cost");

    /** The function's storage modes ({@code objects}, {@code log}) of the CPU section, side by side in each row's place. */
    public List<String> cpuStorageModes = List.of("objects");

    /** A storage mode by name (objects or log, any case); a usage error otherwise. */
    public static String storageMode(String name) {
        return either("storage mode ", name, name.strip().toLowerCase(Locale.ROOT), "objects", "log");
    }

    /** The cost section: changes per configuration (half of them updates), ... */
    public int costChanges = 20_000;
    /** ... of items about this large, ... */
    public int costItemBytes = 1_024;
    /** ... in batches of these sizes (the template's BatchSize), ... */
    public List<Integer> costBatchSizes = List.of(100, 1_000, 10_000);
    /** ... through the function in these storage modes. */
    public List<String> costStorageModes = List.of("objects", "log");
    /** The checkpoint section: a fixed table of this many items... */
    public int checkpointItems = 2_000;
    /** ...with this many versions per item (restore time with a checkpoint and without, for each). */
    public List<Integer> checkpointVersions = List.of(1, 10, 100);
    /** Items of the restore and snapshot scaling curve (each with 3 versions). */
    public List<Integer> restoreItems = List.of(5_000, 20_000);
    /** The naive restore baseline runs up to this many items (it is slow by design). */
    public int naiveMaxItems = 20_000;

    /**
     * Latency added by the S3 server to every request, in milliseconds: 0 measures loopback speed
     * (where a request costs ~1 ms of CPU and concurrency can only win what the cores allow), 20 a
     * conservative model of S3 (see {@link dev.ddbbackup.local.s3.LatencyModelConfiguration}).
     */
    public int s3LatencyMillis;

    public static final String S3_MOCK = "s3mock";
    public static final String MOTO = "moto";
    /** The S3 server: {@link #S3_MOCK} (in the harness JVM) or {@link #MOTO} (moto_server, a process). */
    public String s3Server = S3_MOCK;

    /** The Lambda zip (backup-function/target/backup-function-lambda.zip); cold start and memory need it. */
    public Path functionZip;
    /**
     * A second Lambda zip (for example built from the commit before a change): its cold starts
     * alternate with {@link #functionZip}'s in one run, so the two are compared side by side.
     */
    public Path baselineZip;
    /** The all-platform aws-crt jar; null: the one this JVM runs with. */
    public Path crtJar;

    public static BenchPlan full() {
        return new BenchPlan();
    }

    /** A short smoke run: every section, small sizes, one warm-up and two runs. */
    public static BenchPlan quick() {
        BenchPlan p = new BenchPlan();
        p.concurrencies = List.of(1, 16, 64);
        p.sweepRecords = 100;
        p.rounds = new Rounds(1, 2);
        p.sequentialCap = 100;
        p.coldStarts = 2;
        p.runtimeClientProcesses = 2;
        p.runtimeClientWarmBatches = 3;
        p.memoryRecords = 1_000;
        p.restoreItems = List.of(1_000);
        p.cpuProcesses = 1;
        p.cpuWarmups = 2;
        p.cpuRuns = 2;
        p.checkpointItems = 200;
        p.checkpointVersions = List.of(1, 10);
        return p;
    }

    Rounds roundsFor(int records) {
        return records >= largeBatch ? largeRounds : rounds;
    }

    List<Integer> itemSizesFor(int records) {
        return records >= largeBatch ? largeItemSizes : itemSizes;
    }
}
