package dev.ddbbackup.network;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Timeouts;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.local.s3.S3MockServer;
import dev.ddbbackup.testing.CapturedLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LambdaContext;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.NetworkProxy;
import dev.ddbbackup.testing.TestTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The function with S3 20 ms and 200 ms away (a round trip on every exchange, through
 * {@link NetworkProxy}), batches of 1,000 and 10,000 records at the default WriteConcurrency
 * (64), the production client limits and the template's Timeout as the invocation's deadline:
 * every record written once (no failed record, no needless second version: one only where the SDK
 * retried an attempt that had not answered in 5 s), in per-key order, inside the Timeout.
 *
 * <p>The server is the tools' S3Mock (its key index in memory: stock S3Mock slows down with every
 * new key, which would be measured instead). 10,000 records 200 ms away take about a minute at 64
 * connections, too long for every build: {@code -Dnetwork.large=true} runs that case.
 */
class SlowNetworkTest {

    private static S3MockServer server;
    private static S3Client direct;
    private static Duration templateTimeout;
    private static final List<S3Client> clients = new ArrayList<>();

    /**
     * S3Mock's store, in memory (tmpfs) where the machine has one: the 10,000-record case writes tens
     * of thousands of files, which a busy disk makes the slowest part of the test. Deleted after the
     * class, not by S3Mock in a JVM shutdown hook (which surefire would cut short).
     */
    private static Path store;

    @BeforeAll
    static void start() throws Exception {
        Path shm = Path.of("/dev/shm");
        store = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "slow-network-s3-")
                : Files.createTempDirectory("slow-network-s3-");
        server = S3MockServer.start(0, true, Duration.ZERO, store, null);
        direct = AwsClients.s3(ClientSettings.builder().s3Endpoint(server.endpoint()).region(Region.US_EAST_1)
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build());
        templateTimeout = Duration.ofSeconds(new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "template.yaml").toFile())
                .path("Resources").path("BackupFunction").path("Properties").path("Timeout").asLong());
        assertThat(templateTimeout).isPositive();
    }

    @AfterAll
    static void stop() throws IOException {
        clients.forEach(S3Client::close);
        direct.close();
        server.close();
        try (Stream<Path> files = Files.walk(store)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @ParameterizedTest(name = "{1} records, S3 {0} ms away")
    @CsvSource({"20, 1000", "200, 1000", "20, 10000"})
    void aBatchIsWrittenOnceInOrderWithinTheTimeout(int roundTripMillis, int records) {
        run(roundTripMillis, records);
    }

    @Test
    @EnabledIfSystemProperty(named = "network.large", matches = "true")
    void tenThousandRecordsWith200MillisecondsToS3() {
        run(200, 10_000);
    }

    private void run(int roundTripMillis, int recordCount) {
        String bucket = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(direct, bucket);
        List<DynamodbStreamRecord> records = records(recordCount);
        CapturedLog captured = new CapturedLog();
        RetriedPuts retries = new RetriedPuts();
        try (NetworkProxy proxy = NetworkProxy.start(server.endpoint(), NetworkProxy.Conditions.network(
                Duration.ofMillis(roundTripMillis), Duration.ZERO, 0))) {
            BackupConfig config = BackupConfig.builder().bucket(bucket).prefix("bk").build();
            // Exactly as the function builds its client: one connection per writer, the function's limits.
            // Closed before the proxy: a client whose connections were reset under it keeps the CRT
            // from shutting down at JVM exit.
            S3Client s3 = AwsClients.s3(ClientSettings.builder().s3Endpoint(proxy.endpoint()).region(Region.US_EAST_1)
                    .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .maxConcurrency(config.writeConcurrency()).timeouts(Timeouts.function()).addInterceptor(retries)
                    .build());
            clients.add(s3);
            BackupHandler handler = new BackupHandler(config, s3, () -> {
                throw new IllegalStateException("no DynamoDB here: _table.json is skipped");
            }, captured.log(), captured.metrics());
            LambdaContext context = LambdaContext.withTimeout(templateTimeout);
            long started = System.nanoTime();

            StreamsEventResponse response = handler.handleRequest(Events.event(records), context);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("%d records, S3 %d ms away: %d ms; %d responses for %d records; %d attempts retried%n",
                    recordCount, roundTripMillis, took.toMillis(), proxy.stats().responses.get(), recordCount,
                    retries.total());
            assertThat(response.getBatchItemFailures()).as("failed records").isEmpty();
            assertThat(took).as("the batch, against the template's Timeout").isLessThan(templateTimeout);
            assertThat(context.untilDeadline()).isPositive();
            assertThat(captured.at("WARN")).as("the invocation's time never ran short")
                    .noneMatch(line -> line.path("message").asText().contains("time ran short"));
            assertThat(config.writeConcurrency()).isEqualTo(64);
            s3.close();
        }
        assertWrittenOnceInOrder(bucket, records, retries);
    }

    /**
     * Retried PutObject attempts per object key. A retry follows an attempt that did not answer in
     * time (or failed), which S3 may still have stored: a second version there is not needless.
     */
    static final class RetriedPuts implements ExecutionInterceptor {
        private final Map<String, Integer> byKey = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest
                    && !context.httpRequest().firstMatchingHeader("amz-sdk-request").orElse("").startsWith("attempt=1;")) {
                byKey.merge(((PutObjectRequest) context.request()).key(), 1, Integer::sum);
            }
        }

        int of(String key) {
            return byKey.getOrDefault(key, 0);
        }

        int total() {
            return byKey.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Two records (INSERT, MODIFY) per key, interleaved: per-key order matters. */
    private static List<DynamodbStreamRecord> records(int count) {
        Events events = new Events("Orders");
        int keys = count / 2;
        List<DynamodbStreamRecord> records = new ArrayList<>(count);
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < keys; k++) {
                var key = item("id", s("item-" + k), "range", n("1"));
                var image = item("id", s("item-" + k), "range", n("1"), "v", n(Integer.toString(c)),
                        "payload", s("x".repeat(900)));
                records.add(c == 0 ? events.insert(key, image) : events.modify(key, null, image));
            }
        }
        return records;
    }

    /**
     * Each record's version is in the change log once, and each object's versions in the bucket are
     * exactly the logged ones, newest first in the reverse of stream order, plus at most one per
     * retried attempt of that object (a retry can store a second copy; anything beyond that would be
     * a needless double write). On a network that only adds latency no attempt is retried.
     */
    private static void assertWrittenOnceInOrder(String bucket, List<DynamodbStreamRecord> records, RetriedPuts retries) {
        List<ChangeLogEntry> logged = new ArrayList<>();
        for (String key : LocalS3.keysUnder(direct, bucket, "bk/Orders/_changes/")) {
            for (String line : LocalS3.latestBody(direct, bucket, key).split("\n")) {
                logged.add(ChangeLogEntry.parse(line));
            }
        }
        assertThat(logged).extracting(ChangeLogEntry::eventId)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(DynamodbStreamRecord::getEventID).toList());
        Map<String, List<String>> loggedByKey = new HashMap<>();
        logged.stream().sorted(Comparator.comparing(ChangeLogEntry::sequence))
                .forEach(e -> loggedByKey.computeIfAbsent(e.objectKey(), k -> new ArrayList<>()).add(0, e.versionId()));
        Map<String, List<String>> listedByKey = new HashMap<>();
        for (ObjectVersion v : direct.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix("bk/Orders/")).versions()) {
            if (!v.key().contains("/_changes/")) {
                listedByKey.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v.versionId());
            }
        }
        assertThat(loggedByKey).hasSize(records.size() / 2);
        assertThat(listedByKey.keySet()).isEqualTo(loggedByKey.keySet());
        loggedByKey.forEach((key, versions) -> {
            List<String> listed = listedByKey.get(key);
            assertThat(listed).as("versions of %s, newest first", key).containsSubsequence(versions)
                    .startsWith(versions.get(0));
            assertThat(listed.size() - versions.size()).as("extra versions of %s beyond its retried attempts", key)
                    .isLessThanOrEqualTo(retries.of(key));
        });
    }
}
