package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.local.Workload;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * `stream` on DynamoDB Local's stream and S3Mock, run again and again as a user would: the second
 * run writes only the records written since the first (it goes on from the state file), and
 * {@code --from-trim-horizon} writes every record again.
 */
class StreamCommandTest {

    private static final String TABLE = "StreamResume";
    private static final String BUCKET = "stream-resume";

    @TempDir
    static Path dir;

    @BeforeAll
    static void tableAndBucket() {
        Workload.createTable(LocalServers.dynamoDb(), TABLE);
        LocalS3.createVersionedBucket(LocalServers.s3(), BUCKET);
    }

    private static void write(int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            LocalServers.dynamoDb().putItem(b -> b.tableName(TABLE).item(Map.of(
                    Workload.HASH, AttributeValue.fromS("o-" + n), Workload.RANGE, AttributeValue.fromN("1"))));
        }
    }

    /** Runs `stream --drain` with the test's state file and returns what it printed on stdout. */
    private static String stream(String... flags) {
        Cli.Run run = Cli.local(Stream.concat(Stream.of("stream", "--table", TABLE, "--bucket", BUCKET, "--prefix", "bk",
                "--drain", "--state-file", dir.resolve("state.json").toString()), Stream.of(flags)).toArray(String[]::new));
        assertThat(run.exit).as(run.toString()).isEqualTo(Main.EXIT_OK);
        return run.out;
    }

    private static long itemVersions() {
        return LocalServers.s3().listObjectVersionsPaginator(b -> b.bucket(BUCKET).prefix("bk/" + TABLE + "/"))
                .versions().stream().filter(v -> !v.key().contains("/_")).count();
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
    }

    @Test
    void latestAndFromTrimHorizonTogetherAreAUsageError() {
        Cli.Run run = Cli.run("stream", "--table", TABLE, "--bucket", BUCKET, "--latest", "--from-trim-horizon");
        assertThat(run.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains("--latest and --from-trim-horizon");
    }
}
