package dev.ddbbackup.local;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.dispatch.DaemonThreads;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.stream.PollerOptions;
import dev.ddbbackup.stream.StreamPoller;
import dev.ddbbackup.stream.StreamPositions;
import dev.ddbbackup.stream.VersionedBucket;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The whole backup on one machine: a table whose changes flow through its stream, polled the way
 * Lambda's event source mapping polls it, into the real backup function, which writes object
 * versions into a versioned bucket; then a check of the bucket against the table and the workload.
 */
public final class LocalPipeline {

    /** While draining the stream, one status line on stderr this often. */
    private static final long DRAIN_STATUS_SECONDS = 5;

    /** What to run; the {@code local} command's options set it (their defaults are these values). */
    public static final class Options {
        @Option(names = "--table", description = "Table to create and back up (default ${DEFAULT-VALUE}).")
        public String table = "Orders";
        @Option(names = "--bucket", description = "Backup bucket (default ${DEFAULT-VALUE}): created with versioning if"
                + " missing; an existing one must already keep versions, otherwise the pipeline does not start (exit code 2).")
        public String bucket = "ddb-backup-local";
        public String prefix = "backups";
        @Option(names = "--operations", description = "Item changes to make (default ${DEFAULT-VALUE}).")
        public int operations = 1000;
        @Option(names = "--keys", description = "Distinct item keys (default ${DEFAULT-VALUE}).")
        public int keys = 200;
        @Option(names = "--tenants", description = "Tenants (default ${DEFAULT-VALUE}).")
        public int tenants = 3;
        @Option(names = "--multi-tenancy", defaultValue = "true", negatable = true, fallbackValue = "true",
                description = "Use MultiTenancyColumn=tenant (default ${DEFAULT-VALUE}; --no-multi-tenancy to turn off).")
        public boolean multiTenancy = true;
        @Option(names = "--plain-text-keys", description = "Use PlainTextKeyAsFilename=true (readable object names).")
        public boolean plainTextKeys;
        @Option(names = "--seed", description = "Workload random seed (default ${DEFAULT-VALUE}).")
        public long seed = 42;
        public PollerOptions poller = PollerOptions.builder().batchSize(100).batchingWindow(Duration.ofMillis(200)).build();
        public Duration drainTimeout = Duration.ofMinutes(5);
    }

    /** What happened. */
    public static final class Report {
        public long changesMade;
        public int tenantMoves;
        public long recordsRead;
        public long recordsDelivered;
        public long invocations;
        public long failedInvocations;
        public long redeliveredRecords;
        public long maxStreamLagMillis;
        public long catchUpMillis;
        public long workloadMillis;
        public long totalMillis;
        public BackupCheck.Result check;
    }

    private final ClientSettings settings;
    private final Options options;
    private final PrintStream functionLog;
    private StreamPoller poller;

    /**
     * @param settings where DynamoDB and S3 are (the embedded servers, or any endpoint)
     * @param functionLog where the function's JSON log lines and metrics go
     */
    public LocalPipeline(ClientSettings settings, Options options, PrintStream functionLog) {
        this.settings = settings;
        this.options = options;
        this.functionLog = functionLog;
    }

    /**
     * Creates the table and (unless it exists and keeps versions) the bucket, runs the workload while the stream is polled, waits until
     * the backup has caught up, and checks it.
     *
     * @param progress called with the number of operations done so far
     */
    public Report run(LongConsumer progress) throws InterruptedException {
        if (poller != null) {
            throw new IllegalStateException("A pipeline runs once");
        }
        long started = System.nanoTime();
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings);
        S3Client s3 = AwsClients.s3(settings);
        DynamoDbStreamsClient streams = AwsClients.dynamoDbStreams(settings);

        prepareBucket(s3, options.bucket);
        String streamArn = Workload.createTable(dynamoDb, options.table);

        BackupConfig config = BackupConfig.builder()
                .bucket(options.bucket)
                .prefix(options.prefix)
                .plainTextKeys(options.plainTextKeys)
                .multiTenancyColumn(options.multiTenancy ? Workload.TENANT : null)
                .build();
        BackupHandler handler = new BackupHandler(config, s3, () -> dynamoDb,
                new JsonLog(functionLog, JsonLog.Level.INFO), new EmfMetrics(functionLog));
        poller = new StreamPoller(streams, StreamPositions.inMemory(streamArn), handler, options.poller,
                new JsonLog(functionLog, JsonLog.Level.INFO));

        Report report = new Report();
        Workload workload = new Workload(dynamoDb, options.table, options.keys, options.tenants, options.seed);
        AtomicReference<Throwable> pollerError = new AtomicReference<>();
        Thread pollerThread = pollInBackground("stream-poller", pollerError::set);

        long workloadStart = System.nanoTime();
        for (int i = 1; i <= options.operations; i++) {
            workload.step();
            if (i % 25 == 0 || i == options.operations) {
                progress.accept(i);
            }
            if (pollerError.get() != null) {
                break;
            }
        }
        report.workloadMillis = (System.nanoTime() - workloadStart) / 1_000_000;

        long catchUpStart = System.nanoTime();
        poller.stop();
        pollerThread.join();
        if (pollerError.get() != null) {
            throw new IllegalStateException("The stream poller stopped: " + pollerError.get().getMessage(), pollerError.get());
        }
        poller.resume();
        long written = workload.changes();
        // Draining can take minutes on a slow server: say what it waits for rather than sit silent.
        ScheduledExecutorService drainStatus = Executors.newSingleThreadScheduledExecutor(
                new DaemonThreads("drain-status"));
        drainStatus.scheduleAtFixedRate(() -> System.err.printf(
                "Waiting for the stream to drain: %d records read of %d written, %d delivered to the function%n",
                poller.stats().recordsRead(), written, poller.stats().recordsDelivered()),
                0, DRAIN_STATUS_SECONDS, TimeUnit.SECONDS);
        try {
            poller.drain(options.drainTimeout);
        } finally {
            drainStatus.shutdownNow();
        }
        report.catchUpMillis = (System.nanoTime() - catchUpStart) / 1_000_000;

        report.changesMade = workload.changes();
        report.tenantMoves = workload.tenantMoves();
        report.recordsRead = poller.stats().recordsRead();
        report.recordsDelivered = poller.stats().recordsDelivered();
        report.invocations = poller.stats().invocations();
        report.failedInvocations = poller.stats().failedInvocations();
        report.redeliveredRecords = poller.stats().redeliveredRecords();
        report.maxStreamLagMillis = poller.stats().maxStreamLagMillis();

        List<String> tenants = options.multiTenancy
                ? IntStream.range(0, options.tenants).mapToObj(Workload::tenant).toList() : null;
        // The check reads with a client of its own, without any fault injection meant for the function.
        S3Client checkS3 = AwsClients.s3(settings.toBuilder().interceptors(List.of()).build());
        BackupCheck check = new BackupCheck(checkS3, options.bucket, BackupLayout.withPrefix(options.prefix), options.table,
                options.plainTextKeys ? KeyStrategy.plainText() : KeyStrategy.md5(),
                List.of(Workload.HASH, Workload.RANGE), tenants);
        report.check = check.check(dynamoDb, workload.history());
        report.totalMillis = (System.nanoTime() - started) / 1_000_000;
        return report;
    }

    /**
     * Creates the bucket with versioning enabled when it does not exist. An existing bucket is used
     * as it is, never reconfigured: it must already keep versions, otherwise the pipeline does not
     * start (an {@link IllegalArgumentException} naming the bucket). Checked after creating too: a
     * server that ignores versioning is refused the same way.
     */
    private static void prepareBucket(S3Client s3, String bucket) {
        boolean exists;
        try {
            s3.headBucket(b -> b.bucket(bucket));
            exists = true;
        } catch (NoSuchBucketException e) {
            exists = false;
        }
        if (!exists) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        VersionedBucket.require(s3, bucket);
    }

    /**
     * After {@link #run}: keeps backing up the table's stream in a background thread, so changes
     * made by hand (AWS CLI) land in the bucket too.
     */
    public Thread followStream() {
        if (poller == null) {
            throw new IllegalStateException("run() first");
        }
        poller.resume();
        return pollInBackground("stream-follower", e -> {
            throw e;
        });
    }

    /** Runs the poller in a daemon thread until it is stopped; what it fails with goes to {@code failure}. */
    private Thread pollInBackground(String name, Consumer<RuntimeException> failure) {
        Thread thread = new Thread(() -> {
            try {
                poller.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.accept(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
