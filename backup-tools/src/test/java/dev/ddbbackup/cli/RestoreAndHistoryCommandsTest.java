package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalServers;
import dev.ddbbackup.testing.WithLocalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code restore} and {@code history} through {@link Main} on a backup with history (backfilled,
 * then two rounds of streamed changes through the real function): the table at a time between
 * the rounds, into a table created from {@code _table.json}; an item's changes with their diffs.
 */
class RestoreAndHistoryCommandsTest extends WithLocalServers {

    static BackupFixture backup;

    @BeforeAll
    static void backupWithHistory() throws Exception {
        LocalServers.credentialsForCommandLines();
        backup = BackupFixture.create(dynamoDb, s3, "Commanded", "commands-history", 24);
    }

    static ToolCommandsTest.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bucket", "commands-history", "--prefix", BackupFixture.PREFIX, "--table", "Commanded",
                "--s3-endpoint", LocalServers.s3Endpoint().toString(),
                "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(), "--region", "us-east-1"));
        // Some commands print to System.out rather than to picocli's writer: capture both.
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ToolCommandsTest.Run r = ToolCommandsTest.runRaw(all.toArray(new String[0]));
            r.out = printed.toString(StandardCharsets.UTF_8) + r.out;
            return r;
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void restoreBetweenTheRoundsIntoANewTableGivesTheStateAtThatTime() {
        String time = BackupFixture.T1.plusSeconds(90).toString();
        ToolCommandsTest.Run r = run("restore", "--to", time, "--target-table", "Commanded-at-T1", "--create-table",
                "--no-progress");
        assertThat(r.exit).as(r.out + r.err).isEqualTo(Main.EXIT_OK);
        Map<String, String> restored = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(dynamoDb, "Commanded-at-T1")) {
            restored.put(BackupFixture.key(item), DynamoJson.sdkItemToJson(item));
        }
        Map<String, String> expected = new TreeMap<>();
        backup.atT1.forEach((k, v) -> expected.put(k, DynamoJson.sdkItemToJson(v)));
        assertThat(restored).isEqualTo(expected);
    }

    @Test
    void historyListsAnItemsChangesWithTheirDiffs() {
        // An item modified in the first round: backfilled, then changed.
        String key = backup.atT1.keySet().stream()
                .filter(k -> backup.atT0.containsKey(k) && !backup.atT0.get(k).equals(backup.atT1.get(k)))
                .findFirst().orElseThrow();
        ToolCommandsTest.Run r = run("history", "--key", key, "--diff");
        assertThat(r.exit).as(r.out + r.err).isEqualTo(Main.EXIT_OK);
        assertThat(r.out).contains("BACKFILL").contains("MODIFY").contains("~ value:");

        ToolCommandsTest.Run none = run("history", "--key", "{\"id\":{\"S\":\"never\"},\"range\":{\"N\":\"1\"}}");
        assertThat(none.exit).isEqualTo(Main.EXIT_PROBLEM);
    }
}
