package dev.ddbbackup.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.ddbbackup.bench.probe.StreamBatch;
import dev.ddbbackup.runtime.LambdaSandbox;
import dev.ddbbackup.runtime.RuntimeApiEmulator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Cold start and warm invocations of the Lambda package under AWS's runtime interface client, the
 * way Lambda runs it ({@link LambdaSandbox} behind a {@link RuntimeApiEmulator}): per fresh
 * runtime, the time from starting the JVM to the runtime's first call for an invocation (runtime
 * start, loading the package, the handler's constructor), to the first response (a one-record
 * batch, as the probe's), and how long each following one-record batch takes from its delivery to
 * its response.
 */
final class RuntimeClientBench {

    /** The template's handler. */
    static final String HANDLER = dev.ddbbackup.function.BackupHandler.class.getName() + "::handleRequest";

    /** Phase name → milliseconds, one sample per runtime (warm: one per batch), in the report's order. */
    record Result(Map<String, Samples> phases, int processes, List<String> jvmOptions, List<String> runtimeJars) {
    }

    private RuntimeClientBench() {
    }

    static Result run(Path functionZip, Path runtimeJars, Path work, Map<String, String> functionEnv, int warmups,
            int processes, int warmBatches, String table, Consumer<String> progress) throws Exception {
        Samples.Collector<String> phases = new Samples.Collector<>();
        PojoSerializer<DynamodbEvent> json =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, RuntimeClientBench.class.getClassLoader());
        for (int i = 1 - warmups; i <= processes; i++) {
            progress.accept("runtime client: runtime " + i + "/" + processes + (i <= 0 ? " (warm-up)" : ""));
            StreamBatch batch = new StreamBatch(table, 1024, System.nanoTime());
            try (RuntimeApiEmulator api = RuntimeApiEmulator.start(
                    "arn:aws:lambda:us-east-1:123456789012:function:ddb-backup-function:live")) {
                LambdaSandbox.Options options = LambdaSandbox.options()
                        .functionZip(functionZip)
                        .runtimeJars(runtimeJars)
                        .workDir(work.resolve("runtime-client-" + (i + warmups)))
                        .handler(HANDLER)
                        .runtimeApi(api.address())
                        .memoryMb(1024)
                        .credentials(BenchServers.ACCESS_KEY, BenchServers.SECRET_KEY, "bench");
                functionEnv.forEach(options::env);
                LambdaSandbox runtime = LambdaSandbox.start(options);
                try {
                    RuntimeApiEmulator.Outcome firstOutcome = invoke(api, runtime, json, batch.event(new int[] {0}));
                    long nextCalled = api.calls().stream().filter(c -> c.path().endsWith("/invocation/next"))
                            .mapToLong(RuntimeApiEmulator.Call::nanos).min().orElseThrow();
                    List<Double> warmHere = new ArrayList<>();
                    for (int b = 1; b <= warmBatches; b++) {
                        warmHere.add(ms(invoke(api, runtime, json, batch.event(new int[] {b})).handlingTime().toNanos()));
                    }
                    if (i > 0) {
                        phases.add("JVM start to the runtime's first invocation/next (runtime start, package loaded,"
                                + " constructor)", ms(nextCalled - runtime.startedNanos()));
                        phases.add("first one-record batch (delivery to response)", ms(firstOutcome.handlingTime().toNanos()));
                        phases.add("= JVM start to first response", ms(firstOutcome.answeredNanos() - runtime.startedNanos()));
                        warmHere.forEach(w -> phases.add("warm one-record batch (delivery to response), each of "
                                + warmBatches + " per runtime", w));
                    }
                } finally {
                    runtime.close();
                }
            }
        }
        return new Result(phases.all(), processes, LambdaSandbox.jvmOptions(1024),
                LambdaSandbox.runtimeClasspath(runtimeJars).stream().map(p -> p.getFileName().toString()).toList());
    }

    private static RuntimeApiEmulator.Outcome invoke(RuntimeApiEmulator api, LambdaSandbox runtime,
            PojoSerializer<DynamodbEvent> json, DynamodbEvent event) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        json.toJson(event, bytes);
        RuntimeApiEmulator.Outcome outcome = api.invoke(bytes.toByteArray(), Duration.ofMinutes(2))
                .get(3, TimeUnit.MINUTES);
        if (outcome.error() || !outcome.bodyText().replace(" ", "").contains("\"batchItemFailures\":[]")) {
            StringBuilder log = new StringBuilder();
            runtime.lines().forEach(l -> log.append(l.text()).append('\n'));
            throw new IllegalStateException("The function under the runtime client failed (" + outcome.errorType() + "): "
                    + outcome.bodyText() + "\n" + log);
        }
        return outcome;
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
