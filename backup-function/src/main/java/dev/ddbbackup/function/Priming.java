package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs the function's hot path during a SnapStart init, so the snapshot holds it loaded, initialised
 * and compiled: synthetic batches through the real {@link BatchProcessor} (parsing, object keys,
 * DynamoDB JSON, the S3 client's marshalling, endpoint rules, signing and checksums, the change log)
 * against {@link AnsweringS3HttpClient}, which answers in memory. Safe for a snapshot: nothing leaves
 * the process, the real credentials are never asked for (the priming client has fixed fake ones:
 * under SnapStart Lambda serves credentials only after the restore), and the priming client, its
 * threads and its objects are dropped before the snapshot; the handler's own state is not touched.
 */
final class Priming {

    /**
     * How much to prime: batches of {@code recordsPerBatch} records, at least {@code minBatches}, then
     * more while the JIT is still compiling (a batch's worth of compilation time over
     * {@link #SETTLED}), up to {@code maxBatches} or {@code budget}.
     */
    record Plan(int minBatches, int maxBatches, Duration budget, int recordsPerBatch) {

        /**
         * Under C1 only (the java21 runtime's default): four batches of 250, about a thousand writes,
         * enough for C1 to compile the path, in a second or two of a 1,024 MB function's init.
         */
        static final Plan C1 = new Plan(4, 4, Duration.ofSeconds(60), 250);

        /**
         * With C2 (full tiered compilation: java25 with SnapStart, or set by hand) the hot methods reach
         * C2 only after thousands of calls, and C2 compiles them in the background: at least 40 batches
         * (10,000 writes, past the C2 thresholds), then on until compilation settles, at most 200
         * batches or 30 s, well inside the time Lambda gives a SnapStart init. Measured in
         * docs/BENCHMARKS.md, "CPU per record".
         */
        static final Plan TIERED = new Plan(40, 200, Duration.ofSeconds(30), 250);

        /** Exactly {@code batches} batches (tests). */
        static Plan exactly(int batches, int recordsPerBatch) {
            return new Plan(batches, batches, Duration.ofDays(1), recordsPerBatch);
        }

        /** The plan for the JIT of this JVM. */
        static Plan forThisJvm() {
            return c2InUse() ? TIERED : C1;
        }
    }

    /** Compilation time per batch below which the JIT counts as settled. */
    private static final Duration SETTLED = Duration.ofMillis(5);

    private static final String SOURCE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/priming/stream/"
            + "2000-01-01T00:00:00.000";

    private Priming() {
    }

    /** True during a SnapStart init (Lambda sets {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}). */
    static boolean wanted(Map<String, String> env) {
        return "snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /** Whether this JVM compiles hot code with C2: tiered compilation not stopped below level 4. */
    static boolean c2InUse() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())) {
                return true; // C2 alone
            }
            return Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (RuntimeException e) {
            return false; // not HotSpot: prime as for C1, which costs little
        }
    }

    /** Primes with the function's configuration; returns the S3 requests the answering client served. */
    static long run(BackupConfig config, ClientSettings settings, Plan plan) {
        AnsweringS3HttpClient http = new AnsweringS3HttpClient();
        ClientSettings priming = settings.toBuilder()
                .httpClient(http)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build();
        // Metrics written, as the handler writes them, to nowhere: priming's are not the function's.
        EmfMetrics metrics = new EmfMetrics(new PrintStream(OutputStream.nullOutputStream()));
        try (S3Client s3 = AwsClients.s3(priming)) {
            FunctionWiring wiring = new FunctionWiring(config, s3, JsonLog.discard(), metrics);
            try (OrderedDispatcher dispatcher = wiring.dispatcher()) {
                // MD5 names: plain-text names would ask DynamoDB for the key schema, which priming must not.
                BatchStore processor = wiring.processor(KeyStrategy.md5(), new KeySchemaResolver(() -> {
                    throw new IllegalStateException("no DynamoDB during priming");
                }), dispatcher, BatchProcessor.TimeBudget.lambda());
                prime(processor, plan, config.multiTenancyColumn());
            }
        }
        return http.requests();
    }

    /** Batches through {@code processor} as {@code plan} says (see {@link Plan}). */
    private static void prime(BatchStore processor, Plan plan, String tenantColumn) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long started = System.nanoTime();
        for (int b = 0; b < plan.maxBatches(); b++) {
            long compiledBefore = timed ? jit.getTotalCompilationTime() : 0;
            processor.process(DeliveredBatch.of(batch(b, plan.recordsPerBatch(), tenantColumn)), "priming-" + b,
                    Deadline.none());
            long compiledMillis = timed ? jit.getTotalCompilationTime() - compiledBefore : 0;
            boolean settled = !timed || compiledMillis < SETTLED.toMillis();
            if (b + 1 >= plan.minBatches() && (settled || System.nanoTime() - started > plan.budget().toNanos())) {
                break;
            }
        }
    }

    /** Inserts, modifies and removes of 1 KB items, every attribute type the hot path serialises. */
    static List<DynamodbStreamRecord> batch(int batch, int records, String tenantColumn) {
        List<DynamodbStreamRecord> out = new ArrayList<>(records);
        String payload = "x".repeat(900);
        for (int i = 0; i < records; i++) {
            int n = batch * records + i;
            String eventName = i % 10 == 9 ? "REMOVE" : i % 3 == 0 ? "INSERT" : "MODIFY";
            Map<String, AttributeValue> key = Map.of("pk", new AttributeValue().withS("item-" + (n % 997)));
            Map<String, AttributeValue> image = new java.util.LinkedHashMap<>(key);
            image.put("payload", new AttributeValue().withS(payload));
            image.put("count", new AttributeValue().withN(Integer.toString(n)));
            image.put("flag", new AttributeValue().withBOOL(n % 2 == 0));
            image.put("tags", new AttributeValue().withSS("a", "b"));
            image.put("nested", new AttributeValue().withM(Map.of("x", new AttributeValue().withN("1.5"))));
            if (tenantColumn != null) {
                image.put(tenantColumn, new AttributeValue().withS("tenant-" + (n % 3)));
            }
            out.add(StreamRecords.of("priming-" + n, eventName, SOURCE_ARN, BigInteger.valueOf(1_000_000L + n).toString(),
                    Instant.ofEpochMilli(946_684_800_000L + n * 1000L), 1024L, key,
                    eventName.equals("REMOVE") ? null : image, eventName.equals("INSERT") ? null : image));
        }
        return out;
    }
}
