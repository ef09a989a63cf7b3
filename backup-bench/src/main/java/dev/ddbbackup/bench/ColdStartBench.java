package dev.ddbbackup.bench;

import dev.ddbbackup.bench.probe.FunctionProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cold start of the function in fresh JVMs: JVM start to a ready handler (the no-argument
 * constructor the Lambda runtime calls) and to a finished one-record batch, phase by phase; and,
 * from one more JVM with a class-loading trace, which classes each phase loads.
 */
final class ColdStartBench {

    /** Phases in milliseconds, one sample per process. */
    record Result(Map<String, Samples> phases, Map<String, Samples> baselinePhases, List<PhaseClasses> classes,
            Map<String, String> firstLoaded) {
    }

    /** Classes loaded during one phase: all, and the AWS SDK's share. */
    record PhaseClasses(String phase, int classes, int sdkClasses) {
    }

    static final String JVM = "JVM start to main";
    static final String CONFIG = "handler class loading + config";
    static final String CLIENT = "constructor (S3 client, wiring)";
    static final String READY = "= handler ready (JVM start to constructor done)";
    static final String FIRST = "first one-record batch (DescribeTable, _table.json, PUT, change log)";
    static final String TO_FIRST = "= JVM start to first finished batch";
    static final String SECOND = "second one-record batch (warm, for contrast)";

    /** Marker of the probe → phase name in the trace table. */
    private static final Map<String, String> TRACE_PHASES = Map.of("main", JVM, "config", CONFIG, "ready", CLIENT,
            "event", "(probe builds the test event; not timed)", "first", "first one-record batch",
            "second", "second one-record batch");
    /** Classes whose first loading shows what each phase does. */
    private static final Map<String, String> NOTABLE = new LinkedHashMap<>();

    static {
        NOTABLE.put("com.fasterxml.jackson.core.JsonFactory", "Jackson core (JSON writer)");
        NOTABLE.put("software.amazon.awssdk.http.crt.AwsCrtHttpClient", "CRT HTTP client");
        NOTABLE.put("software.amazon.awssdk.crt.CRT", "CRT native library");
        NOTABLE.put("software.amazon.awssdk.services.s3.DefaultS3Client", "S3 client");
        NOTABLE.put("software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
                "credentials resolution (environment)");
        NOTABLE.put("software.amazon.awssdk.services.s3.transform.PutObjectRequestMarshaller", "S3 PutObject marshaller");
        NOTABLE.put("java.util.concurrent.ThreadPoolExecutor$Worker", "writer threads");
        NOTABLE.put("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient", "DynamoDB client");
    }

    private ColdStartBench() {
    }

    /**
     * Runs {@code processes} cold starts of {@code runtime} and, when {@code baseline} is given, as
     * many of it, alternating (and alternating which goes first), so both meet the same machine.
     */
    static Result run(FunctionRuntime runtime, FunctionRuntime baseline, int warmups, int processes, String table,
            Consumer<String> progress) throws Exception {
        Samples.Collector<String> phases = new Samples.Collector<>();
        Samples.Collector<String> baselinePhases = new Samples.Collector<>();
        // Unmeasured processes first: the measured ones then find the jars in the page cache,
        // as a Lambda host finds its runtime image.
        for (int i = 1 - warmups; i <= processes; i++) {
            progress.accept("cold start: process " + i + "/" + processes + (i <= 0 ? " (warm-up)" : "")
                    + (baseline == null ? "" : ", and the baseline's"));
            boolean baselineFirst = baseline != null && i % 2 == 0;
            if (baselineFirst) {
                measure(baseline, table, i > 0 ? baselinePhases : null);
            }
            measure(runtime, table, i > 0 ? phases : null);
            if (baseline != null && !baselineFirst) {
                measure(baseline, table, i > 0 ? baselinePhases : null);
            }
        }
        progress.accept("cold start: class-loading trace");
        List<String> trace = FunctionRuntime.output(
                runtime.start(FunctionRuntime.Jit.C1, List.of("-Xlog:class+load=info:stdout"), "coldstart", table));
        Map<String, List<String>> loaded = loadedPerPhase(trace);
        List<PhaseClasses> classes = loaded.entrySet().stream().map(e -> new PhaseClasses(e.getKey(), e.getValue().size(),
                (int) e.getValue().stream().filter(c -> c.startsWith("software.amazon.awssdk.")).count())).toList();
        // For each notable class, the phase that loaded it.
        Map<String, String> firstLoaded = new LinkedHashMap<>();
        NOTABLE.forEach((cls, label) -> firstLoaded.put(label, loaded.entrySet().stream()
                .filter(e -> e.getValue().contains(cls)).map(Map.Entry::getKey).findFirst().orElse("not loaded")));
        return new Result(phases.all(), baseline == null ? null : baselinePhases.all(), classes, firstLoaded);
    }

    /** One process; its phases are added to {@code into} unless that is null (a warm-up). */
    private static void measure(FunctionRuntime runtime, String table, Samples.Collector<String> into) throws Exception {
        long spawn = FunctionProbe.micros();
        Map<String, Long> t = runtime.probe(FunctionRuntime.Jit.C1, "coldstart", table);
        if (into == null) {
            return;
        }
        into.add(JVM, ms(t.get("main") - spawn));
        into.add(CONFIG, ms(t.get("config") - t.get("main")));
        into.add(CLIENT, ms(t.get("ready") - t.get("config")));
        into.add(READY, ms(t.get("ready") - spawn));
        into.add(FIRST, ms(t.get("first") - t.get("event")));
        into.add(TO_FIRST, ms(t.get("ready") - spawn + t.get("first") - t.get("event")));
        into.add(SECOND, ms(t.get("second") - t.get("first")));
    }

    /** The classes each phase loaded, phase by phase: a phase's classes are those traced before its MARK line. */
    private static Map<String, List<String>> loadedPerPhase(List<String> trace) {
        Map<String, List<String>> phases = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        for (String line : trace) {
            String name = loadedClass(line);
            if (name != null) {
                loaded.add(name);
            } else if (line.startsWith("MARK ")) {
                phases.put(TRACE_PHASES.getOrDefault(line.substring(5), line.substring(5)), loaded);
                loaded = new ArrayList<>();
            }
        }
        return phases;
    }

    /** The class name of a {@code -Xlog:class+load} line, or null. */
    private static String loadedClass(String line) {
        int tag = line.indexOf("[class,load] ");
        if (tag < 0) {
            return null;
        }
        String rest = line.substring(tag + 13);
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
