package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.DaemonThreads;
import dev.ddbbackup.observability.CurrentRequest;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.EmfMetrics.Metric;
import dev.ddbbackup.observability.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.Lazy;

/**
 * The Lambda entry point: a DynamoDB stream batch in, a partial batch response out.
 *
 * <p>Everything is built once per container, in the constructor: configuration (validated, so a
 * bad variable fails the init with a message naming it), the S3 client (no connection, no
 * credentials yet: SnapStart-safe) and the writer threads (started on demand). The DynamoDB
 * client is built lazily, on the first batch: it describes the table for {@code _table.json}
 * (see {@link TableDescriptionRecorder}) and, with plain-text names, for the key schema. In the
 * objects storage mode the bucket's versioning is checked on the first batch too ({@link VersioningCheck}).
 * The batch itself goes to the {@link BatchStore} of the configured {@link StorageMode}.
 *
 * <p>SnapStart: the snapshot is taken after this constructor, and nothing it builds holds state a
 * restore would make stale: no connection is open, no credentials are resolved (under SnapStart
 * Lambda serves them from a container endpoint, read on the first request), nothing is derived from
 * the time or a random seed, and every per-container check waits for the first batch, which runs
 * after the restore. So the function registers no CRaC (org.crac) hooks and needs no such
 * dependency; the runtime's own hooks clear the JVM's DNS cache before the snapshot.
 */
public final class BackupHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final BatchStore processor;
    private final TableDescriptionRecorder tableDescriptions;
    private final VersioningCheck versioning;
    private final EmfMetrics metrics;
    private final BatchProcessor.TimeBudget time;
    private final JsonLog log;
    /**
     * Runs the versioning check and the table descriptions beside the item writes; its thread starts
     * with the first batch.
     */
    private final Executor sideChecks = Executors.newSingleThreadExecutor(new DaemonThreads("side-checks"));

    /** Used by the Lambda runtime: configuration from the environment. */
    public BackupHandler() {
        this(fromEnvironment(System.getenv()));
    }

    /** Wires the handler with given clients (the tools, the local pipeline and the tests use this). */
    public BackupHandler(BackupConfig config, S3Client s3, Supplier<DynamoDbClient> dynamoDb, JsonLog log,
            EmfMetrics metrics) {
        this(builder(config, s3, dynamoDb).log(log).metrics(metrics));
    }

    private BackupHandler(Builder b) {
        this.time = b.time;
        FunctionWiring wiring = new FunctionWiring(b.config, b.s3, b.log, b.metrics);
        this.log = wiring.log();
        this.metrics = wiring.metrics();
        // One client per handler even when the caller's supplier builds a new one on each call.
        KeySchemaResolver tables = new KeySchemaResolver(new Lazy<>(b.dynamoDb)::getValue);
        this.tableDescriptions = new TableDescriptionRecorder(tables, wiring.writer(), wiring.layout(), log, b.clock);
        this.versioning = wiring.versioningCheck(b.clock);
        this.processor = wiring.processor(wiring.keyStrategy(), tables, wiring.dispatcher(), time);
        if (b.priming != null) {
            prime(b.config, b.settings, b.priming, log);
        }
    }

    /**
     * The production wiring: configuration, clients, log and metrics from the environment, and
     * priming during a SnapStart init.
     */
    static Builder fromEnvironment(Map<String, String> env) {
        BackupConfig config = BackupConfig.fromEnvironment(env);
        ClientSettings settings = ClientSettings.fromEnvironment(env);
        ClientSettings s3Settings = FunctionWiring.s3Settings(config, settings);
        Builder b = builder(config, AwsClients.s3(s3Settings), () -> AwsClients.dynamoDb(settings))
                .log(JsonLog.stdout(env))
                .metrics(EmfMetrics.stdout());
        b.settings = s3Settings;
        return b.priming(Priming.wanted(env) ? Priming.Plan.forThisJvm() : null);
    }

    /** A handler with given clients; the rest (log, metrics, clock, time) as in production unless set (tests). */
    static Builder builder(BackupConfig config, S3Client s3, Supplier<DynamoDbClient> dynamoDb) {
        return new Builder(config, s3, dynamoDb);
    }

    /** What a handler is built from; only the tests set more than the public constructors do. */
    static final class Builder {
        private final BackupConfig config;
        private final S3Client s3;
        private final Supplier<DynamoDbClient> dynamoDb;
        private JsonLog log = JsonLog.discard();
        private EmfMetrics metrics = EmfMetrics.discard();
        private Clock clock = Clock.systemUTC();
        private BatchProcessor.TimeBudget time = BatchProcessor.TimeBudget.lambda();
        /** The S3 client's settings, which priming copies (with fake credentials, answered in memory). */
        private ClientSettings settings;
        private Priming.Plan priming;

        private Builder(BackupConfig config, S3Client s3, Supplier<DynamoDbClient> dynamoDb) {
            this.config = config;
            this.s3 = s3;
            this.dynamoDb = dynamoDb;
        }

        Builder log(JsonLog log) {
            this.log = log;
            return this;
        }

        Builder metrics(EmfMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** The clock that paces the rechecks of the versioning and retries of the table description. */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How an invocation's time is shared out (tests with short deadlines). */
        Builder time(BatchProcessor.TimeBudget time) {
            this.time = time;
            return this;
        }

        /** Primes by {@code plan} (null: not at all); only a handler wired from the environment can. */
        Builder priming(Priming.Plan plan) {
            if (plan != null && settings == null) {
                throw new IllegalStateException("priming needs the client settings of the environment");
            }
            this.priming = plan;
            return this;
        }

        BackupHandler build() {
            return new BackupHandler(this);
        }
    }

    /** The SnapStart init's priming ({@link Priming}): an optimisation, so a failure only costs its log line. */
    private static void prime(BackupConfig config, ClientSettings settings, Priming.Plan plan, JsonLog log) {
        long started = System.nanoTime();
        try {
            long requests = Priming.run(config, settings, plan);
            log.info("Primed the backup path for the SnapStart snapshot", "requests", requests,
                    "millis", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Priming failed; the function works unprimed", "error", e);
        }
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String invocationId = context != null && context.getAwsRequestId() != null
                ? context.getAwsRequestId() : UUID.randomUUID().toString();
        DeliveredBatch batch = DeliveredBatch.of(event == null ? null : event.getRecords());
        Set<String> tables = batch.tables();
        try (CurrentRequest.Scope scope = CurrentRequest.begin(invocationId)) {
            // Beside the items, not before them: a slow or failing check must not hold back the
            // backup itself. Not after them either: on a cold start both paths load hundreds of SDK
            // classes, and loading them side by side makes the first batch take the longer of the
            // two instead of their sum. Joined before returning, as Lambda freezes the sandbox after,
            // but never past the deadline: the invocation's response must not be lost to them.
            Deadline deadline = deadline(context);
            // The versioning check gets the items' time, bounded in the call itself, so it never
            // holds the invocation past its items.
            CompletableFuture<Void> versioningChecked =
                    versioning.checkIfDueAsync(sideChecks, deadline.minus(time.afterItems()));
            CompletableFuture<Void> described = tableDescriptions.recordOnceAsync(tables, sideChecks);
            StreamsEventResponse response = processor.process(batch, invocationId, deadline);
            versioningChecked.join();
            await(described, deadline.minus(time.afterChangeLog()));
            if (versioning.versioningOff()) {
                // On every batch while it lasts, so the alarm stays on (the ERROR line is per check).
                tables.forEach(table -> metrics.line(table).put("BucketVersioningDisabled", Metric.count(1)).emit());
            }
            return response;
        }
    }

    /** Lambda's deadline for this invocation; none outside Lambda without a context. */
    private static Deadline deadline(Context context) {
        return context == null ? Deadline.none() : Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    /**
     * Waits for the table description, but not past the deadline: it is best effort (recorded
     * again by a later batch), and the invocation's response must not be lost to a slow DescribeTable.
     */
    private void await(CompletableFuture<Void> described, Deadline deadline) {
        try {
            if (deadline.isNone()) {
                described.get();
            } else {
                described.get(deadline.remaining().orElseThrow().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            log.warn("The table description was not recorded before the invocation's deadline; a later batch records it");
        } catch (ExecutionException e) {
            // The recorder logs its own failures and never fails the batch.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
