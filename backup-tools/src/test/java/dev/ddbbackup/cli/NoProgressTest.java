package dev.ddbbackup.cli;

import static dev.ddbbackup.testing.LocalDynamo.n;
import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code --no-progress} on every long command, through {@link Main}: accepted, and a normal run
 * then writes nothing at all to stderr (the tests' stderr is not a terminal, so without it each
 * would print progress lines).
 */
class NoProgressTest {

    static final String TABLE = "NoProgress";
    static final String BUCKET = "no-progress";
    static String from;

    @BeforeAll
    static void backup() {
        DynamoDbClient dynamoDb = LocalServers.dynamoDb();
        LocalS3.createVersionedBucket(LocalServers.s3(), BUCKET);
        LocalDynamo.createTable(dynamoDb, TABLE);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(Map.of("id", s("item-" + i), "range", n("1"), "v", n(Integer.toString(i))));
        }
        LocalDynamo.putAll(dynamoDb, TABLE, items);
        from = Instant.now().minusSeconds(3600).toString();
        quiet("backfill");
    }

    /** Runs the command on the backup with --no-progress; asserts success and an empty stderr. */
    static Cli.Run quiet(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--table", TABLE, "--bucket", BUCKET, "--no-progress"));
        all.addAll(List.of(args));
        Cli.Run r = Cli.local(all.toArray(new String[0]));
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(r.err).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    void withoutItTheSameRunPrintsPlainProgressLines() {
        Cli.Run r = Cli.local("verify", "--table", TABLE, "--bucket", BUCKET);
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(r.err).contains(": started").contains(": done, ").doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void readers() {
        quiet("verify");
        quiet("history", "--key", "{\"id\":{\"S\":\"item-1\"},\"range\":{\"N\":\"1\"}}");
        quiet("changes", "--from", from, "--to", "now");
        quiet("checkpoint");
    }

    @Test
    void snapshot(@TempDir Path dir) {
        quiet("snapshot", "--out", dir.toString());
    }

    @Test
    void writers() {
        // An existing target: the local DynamoDB server logs a missing table's DescribeTable on this stderr.
        LocalDynamo.createTable(LocalServers.dynamoDb(), TABLE + "-restored");
        quiet("backfill");
        quiet("restore", "--to", "now", "--target-table", TABLE + "-restored");
        quiet("revert", "--from", from, "--to", "now", "--in-place", "--dry-run");
    }
}
