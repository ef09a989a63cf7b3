package dev.ddbbackup.bench;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Timeouts;
import dev.ddbbackup.bench.probe.StreamBatch;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.local.EmbeddedServers;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.local.s3.SelfSignedTls;
import dev.ddbbackup.testing.MotoServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * DynamoDB Local and an S3 server (S3Mock in this JVM, or moto_server as a process), a versioned
 * bucket and the table the batches come from, and SDK clients built with {@link AwsClients}
 * as the function builds them (with longer time limits, see the constructor): one S3 client per
 * connection limit, so a run at concurrency N has N connections, like the function.
 */
final class BenchServers implements AutoCloseable {

    static final String BUCKET = "bench";
    static final String TABLE = "bench";
    static final String ACCESS_KEY = "bench";
    static final String SECRET_KEY = "bench";

    private final EmbeddedServers servers;
    private final MotoServer moto;
    /** The S3 server's certificate when it also serves HTTPS (S3Mock only), else null. */
    private final SelfSignedTls tls;
    private final ClientSettings settings;
    private final Map<Integer, S3Client> s3Clients = new HashMap<>();
    /** Every client built here, closed with the servers. */
    private final List<SdkAutoCloseable> clients = new ArrayList<>();
    private final DynamoDbClient dynamoDb;
    /** The stream sequence of the next record {@link #backUp} writes. */
    private long sequence = 500_000_000_000L;

    private BenchServers(EmbeddedServers servers, MotoServer moto, SelfSignedTls tls, java.time.Duration s3Latency) {
        this.servers = servers;
        this.moto = moto;
        this.tls = tls;
        ClientSettings.Builder b = ClientSettings.builder()
                .s3Endpoint(moto == null ? servers.s3Endpoint() : moto.endpoint())
                .dynamoDbEndpoint(servers.dynamoDbEndpoint())
                .region(Region.US_EAST_1)
                // The function's 5 s attempt limit (and the tools' stall limit) would retry requests a loaded
                // benchmark machine or a slow server is merely slow to answer, and time the retries: long
                // limits and no stall detection here; the production limits are tested elsewhere.
                .timeouts(Timeouts.tools().withStall(null))
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
        if (moto != null && !s3Latency.isZero()) {
            b.addInterceptor(new ClientLatencyModel(s3Latency));
        }
        this.settings = b.build();
        this.dynamoDb = track(AwsClients.dynamoDb(settings));
    }

    private int buckets;

    /**
     * {@code s3Server} ({@link BenchPlan#S3_MOCK} or {@link BenchPlan#MOTO}) as the S3 server, every
     * S3 request {@code s3Latency} late: in S3Mock, or with moto modelled in the clients
     * ({@link ClientLatencyModel}; moto's log goes to {@code motoLog}). With {@code tls}, S3Mock
     * serves HTTPS too ({@link #s3HttpsEndpoint()}).
     */
    static BenchServers start(java.time.Duration s3Latency, String s3Server, java.nio.file.Path motoLog,
            SelfSignedTls tls) {
        boolean onMoto = BenchPlan.MOTO.equals(s3Server);
        if (onMoto && !MotoServer.installed()) {
            // The user installs it; the harness only runs it (a usage error, as any missing input).
            throw new IllegalArgumentException(MotoServer.COMMAND + " is not on the PATH: pip install 'moto[server]'");
        }
        MotoServer moto = onMoto ? MotoServer.start(motoLog) : null;
        EmbeddedServers embedded;
        try {
            embedded = onMoto ? EmbeddedServers.startDynamoDb(0) : EmbeddedServers.start(0, 0, s3Latency, tls);
        } catch (RuntimeException e) {
            if (moto != null) {
                moto.stop();
            }
            throw e;
        }
        BenchServers s = new BenchServers(embedded, moto, onMoto ? null : tls, s3Latency);
        s.createBucket(BUCKET);
        // The function describes the table once per container for _table.json.
        s.createTable(TABLE);
        return s;
    }

    /** A new, empty versioned bucket, so each measurement starts from the same state. */
    synchronized String newBucket() {
        String bucket = BUCKET + "-" + ++buckets;
        createBucket(bucket);
        return bucket;
    }

    private void createBucket(String bucket) {
        S3Client s3 = s3(4);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    /** A table keyed like the synthetic batches ({@link StreamBatch#HASH_KEY}, a string). */
    void createTable(String table) {
        dynamoDb.createTable(b -> b.tableName(table)
                .keySchema(k -> k.attributeName(StreamBatch.HASH_KEY).keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName(StreamBatch.HASH_KEY).attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** The real function writing into {@code bucket} with {@code writeConcurrency} PUTs at once (as many connections). */
    BackupHandler function(String bucket, int writeConcurrency) {
        return new BackupHandler(BackupConfig.builder().bucket(bucket).writeConcurrency(writeConcurrency).build(),
                s3(writeConcurrency), this::dynamoDb, JsonLog.discard(), EmfMetrics.discard());
    }

    /**
     * A backup of {@code table} in {@link #BUCKET} written by the real function (its default
     * WriteConcurrency): {@code versions} rounds, each changing every one of {@code items} items of
     * about {@code itemBytes} once, in batches of 1,000 records; round v's records at
     * {@code timeOfRound.apply(v)} (null: now).
     */
    synchronized void backUp(String table, int items, int itemBytes, int versions, IntFunction<Instant> timeOfRound) {
        BackupHandler handler = function(BUCKET, BackupConfig.DEFAULT_WRITE_CONCURRENCY);
        for (int v = 0; v < versions; v++) {
            for (int from = 0; from < items; from += 1000) {
                int[] keys = IntStream.range(from, Math.min(from + 1000, items)).toArray();
                StreamBatch batch = new StreamBatch(table, itemBytes, sequence).at(timeOfRound.apply(v));
                sequence += keys.length;
                if (!handler.handleRequest(batch.event(keys), null).getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("The function failed records while writing the backup");
                }
            }
        }
    }

    /** A new S3 client (64 connections) whose calls the timer measures. */
    synchronized S3Client s3(RequestTimer timer) {
        return track(AwsClients.s3(settings.toBuilder().maxConcurrency(64).addInterceptor(timer).build()));
    }

    /** A new DynamoDB client whose calls the timer measures. */
    synchronized DynamoDbClient dynamoDb(RequestTimer timer) {
        return track(AwsClients.dynamoDb(settings.toBuilder().maxConcurrency(64).addInterceptor(timer).build()));
    }

    /** An S3 client with at most {@code maxConcurrency} connections, built as the function builds it. */
    synchronized S3Client s3(int maxConcurrency) {
        return s3Clients.computeIfAbsent(maxConcurrency,
                c -> track(AwsClients.s3(settings.toBuilder().maxConcurrency(c).build())));
    }

    private <C extends SdkAutoCloseable> C track(C client) {
        clients.add(client);
        return client;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    EmbeddedServers endpoints() {
        return servers;
    }

    /** The S3 endpoint the benchmarks use. */
    java.net.URI s3Endpoint() {
        return settings.s3Endpoint().orElseThrow();
    }

    /** The same S3 over HTTPS with {@link #tls()}'s certificate, or empty when it serves none. */
    java.util.Optional<java.net.URI> s3HttpsEndpoint() {
        return tls == null ? java.util.Optional.empty() : java.util.Optional.of(servers.s3HttpsEndpoint());
    }

    SelfSignedTls tls() {
        return tls;
    }

    @Override
    public void close() {
        clients.forEach(SdkAutoCloseable::close);
        servers.close();
        if (moto != null) {
            moto.stop();
        }
    }
}
