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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The function with S3 20 ms and 200 ms away (a round trip on every exchange, through
 * {@link NetworkProxy}), batches of 1,000 and 10,000 records at the default WriteConcurrency
 * (64), the production client limits and the template's Timeout as the invocation's deadline:
 * every record written once (no failed record, no needless second version), in per-key order,
 * inside the Timeout.
 *
 * <p>The server is the tools' S3Mock (its key index in memory: stock S3Mock slows down with every
 * new key, which would be measured instead). 10,000 records 200 ms away take about a minute at 64
 * connections, too long for every build: {@code -Dnetwork.large=true} runs that case.
 */
class SlowNetworkTest {

    private static S3MockServer server;
    private static S3Client direct;
    private static Duration templateTimeout;

    @BeforeAll
    static void start() throws Exception {
        server = S3MockServer.start(0, true, Duration.ZERO);
        direct = AwsClients.s3(ClientSettings.builder().s3Endpoint(server.endpoint()).region(Region.US_EAST_1)
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build());
        templateTimeout = Duration.ofSeconds(new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "template.yaml").toFile())
                .path("Resources").path("BackupFunction").path("Properties").path("Timeout").asLong());
        assertThat(templateTimeout).isPositive();
    }

    @AfterAll
    static void stop() {
        server.close();
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
        try (NetworkProxy proxy = NetworkProxy.start(server.endpoint(), NetworkProxy.Conditions.builder()
                .roundTrip(Duration.ofMillis(roundTripMillis)).build())) {
            BackupConfig config = BackupConfig.builder().bucket(bucket).prefix("bk").build();
            // Exactly as the function builds its client: one connection per writer, the function's limits.
            S3Client s3 = AwsClients.s3(ClientSettings.builder().s3Endpoint(proxy.endpoint()).region(Region.US_EAST_1)
                    .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .maxConcurrency(config.writeConcurrency()).timeouts(Timeouts.function()).build());
            BackupHandler handler = new BackupHandler(config, s3, () -> {
                throw new IllegalStateException("no DynamoDB here: _table.json is skipped");
            }, captured.log(), captured.metrics());
            LambdaContext context = LambdaContext.withTimeout(templateTimeout);
            long started = System.nanoTime();

            StreamsEventResponse response = handler.handleRequest(Events.event(records), context);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("%d records, S3 %d ms away: %d ms; %d responses for %d records%n", recordCount,
                    roundTripMillis, took.toMillis(), proxy.stats().responses.get(), recordCount);
            assertThat(response.getBatchItemFailures()).as("failed records").isEmpty();
            assertThat(took).as("the batch, against the template's Timeout").isLessThan(templateTimeout);
            assertThat(context.untilDeadline()).isPositive();
            assertThat(captured.at("WARN")).as("the invocation's time never ran short")
                    .noneMatch(line -> line.path("message").asText().contains("time ran short"));
            assertThat(config.writeConcurrency()).isEqualTo(64);
        }
        assertWrittenOnceInOrder(bucket, records);
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
     * Each record's version is in the change log once, the bucket holds exactly the logged versions
     * (a needless second write would leave one more), and each key's versions are listed newest
     * first in the reverse of stream order.
     */
    private static void assertWrittenOnceInOrder(String bucket, List<DynamodbStreamRecord> records) {
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
        assertThat(listedByKey).as("versions per object, newest first").isEqualTo(loggedByKey);
    }
}
