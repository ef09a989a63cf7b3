package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.local.EmbeddedServers;
import dev.ddbbackup.local.Workload;
import dev.ddbbackup.local.cli.LocalMain;
import dev.ddbbackup.testing.LocalS3;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * `stream` on DynamoDB Local's stream and S3Mock, run twice as a user would: the second run
 * writes only the records written since the first (it goes on from the state file), and
 * {@code --from-trim-horizon} writes every record again.
 */
class StreamCommandTest {

    private static final String TABLE = "StreamResume";
    private static final String BUCKET = "stream-resume";

    private static EmbeddedServers servers;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = EmbeddedServers.start(0, 0);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        dynamoDb = DynamoDbClient.builder().endpointOverride(servers.dynamoDbEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        s3 = S3Client.builder().endpointOverride(servers.s3Endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(credentials).build();
        Workload.createTable(dynamoDb, TABLE);
        LocalS3.createVersionedBucket(s3, BUCKET);
        // The command takes credentials from the default chain; system properties are its first link.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        servers.close();
    }

    private static void write(int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of(Workload.HASH, AttributeValue.fromS("o-" + n),
                    Workload.RANGE, AttributeValue.fromN("1"))));
        }
    }

    /** Runs `stream --drain` and returns what it printed on stdout. */
    private String stream(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] base = {"stream", "--table", TABLE, "--bucket", BUCKET, "--prefix", "bk", "--drain",
                    "--state-file", dir.resolve("state.json").toString(), "--batching-window-ms", "0",
                    "--dynamodb-endpoint", servers.dynamoDbEndpoint().toString(),
                    "--s3-endpoint", servers.s3Endpoint().toString(), "--region", "us-east-1"};
            String[] args = new String[base.length + extra.length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(extra, 0, args, base.length, extra.length);
            assertThat(LocalMain.run(args)).isEqualTo(Main.EXIT_OK);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long itemVersions() {
        return s3.listObjectVersionsPaginator(b -> b.bucket(BUCKET).prefix("bk/" + TABLE + "/")).versions().stream()
                .filter(v -> !v.key().contains("/_")).count();
    }

    @Test
    void aSecondRunWritesOnlyTheNewRecordsAndFromTrimHorizonWritesThemAll() {
        write(0, 8);
        assertThat(stream()).contains("Delivered 8 records");
        assertThat(itemVersions()).isEqualTo(8);

        write(8, 13);
        assertThat(stream()).as("goes on from the state file").contains("Delivered 5 records");
        assertThat(itemVersions()).as("one PUT per new record, none again").isEqualTo(13);

        assertThat(stream("--from-trim-horizon")).contains("Delivered 13 records");
        assertThat(itemVersions()).isEqualTo(26);

        assertThat(LocalMain.run("stream", "--table", TABLE, "--bucket", BUCKET, "--latest", "--from-trim-horizon"))
                .isEqualTo(Main.EXIT_USAGE);
    }
}
