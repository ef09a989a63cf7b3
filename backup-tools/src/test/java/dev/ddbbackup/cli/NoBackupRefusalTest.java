package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.WithLocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;

/**
 * A location that holds no backup of the table (wrong {@code --prefix}, {@code --table} or
 * bucket) is refused with exit 2 by every reading command, in one line naming
 * {@code s3://bucket/prefix/table/} and what is there, before anything is written; a backup that
 * exists but holds no item at the time is a real empty state and restores (exit 0).
 */
class NoBackupRefusalTest extends WithLocalServers {

    static final String BUCKET = "refusals";
    static final String TABLE = "Refused";
    static final String TARGET = "RefusedTarget";
    static final String KEY = "{\"id\":{\"S\":\"item-1\"},\"range\":{\"N\":\"1\"}}";
    static BackupFixture backup;
    static BackupFixture emptied;

    @BeforeAll
    static void backups() throws Exception {
        backup = BackupFixture.create(dynamoDb, s3, TABLE, BUCKET, 8);
        // A second table in another bucket whose every item is then removed.
        emptied = BackupFixture.create(dynamoDb, s3, "Emptied", "refusals-emptied", 6);
        List<DynamodbStreamRecord> removes = new ArrayList<>();
        Events events = emptied.events().at(BackupFixture.T2.plusSeconds(3600));
        for (Map<String, AttributeValue> item : emptied.atT2.values()) {
            removes.add(events.remove(BackupFixture.eventKeys(item), BackupFixture.eventImage(item)));
            dynamoDb.deleteItem(b -> b.tableName("Emptied").key(BackupFixture.keyOf(item)));
        }
        emptied.stream(removes);
        LocalDynamo.createTable(dynamoDb, TARGET);
        LocalDynamo.putAll(dynamoDb, TARGET, List.of(BackupFixture.item("keep", 1, "untouched")));
    }

    /** A wrong location: its options, and what the refusal must say. */
    static Stream<Arguments> wrongLocations() {
        return Stream.of(
                Arguments.of("wrong prefix", new String[] {"--bucket", BUCKET, "--prefix", "nope", "--table", TABLE},
                        "no backup of table " + TABLE + " at s3://" + BUCKET + "/nope/" + TABLE + "/: nothing under s3://"
                                + BUCKET + "/nope/ at all — check --prefix"),
                Arguments.of("wrong table", new String[] {"--bucket", BUCKET, "--prefix", BackupFixture.PREFIX,
                        "--table", "Orders"},
                        "no backup of table Orders at s3://" + BUCKET + "/bk/Orders/: nothing under it; s3://" + BUCKET
                                + "/bk/ holds backups of: " + TABLE),
                Arguments.of("wrong bucket", new String[] {"--bucket", "no-such-bucket-here", "--prefix",
                        BackupFixture.PREFIX, "--table", TABLE},
                        "no backup of table " + TABLE + " at s3://no-such-bucket-here/bk/" + TABLE
                                + "/: the bucket no-such-bucket-here does not exist"));
    }

    static Cli.Run run(String[] location, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(location));
        return Cli.local(all.toArray(new String[0]));
    }

    static void assertRefused(Cli.Run r, String message) {
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err).as(r.toString()).contains(message);
        // One line of its own (DynamoDB Local, in this JVM, logs its own lines to stderr too).
        List<String> errors = r.err.lines().filter(l -> l.startsWith("Error:")).toList();
        assertThat(errors).as(r.toString()).hasSize(1);
        assertThat(errors.get(0)).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongLocations")
    void restoreIntoAnExistingTableIsRefusedAndWritesNothing(String name, String[] location, String message) {
        assertRefused(run(location, "restore", "--to", "now", "--target-table", TARGET, "--no-progress"), message);
        assertRefused(run(location, "restore", "--to", "now", "--target-table", TARGET, "--dry-run", "--no-progress"),
                message);
        assertThat(LocalDynamo.scanAll(dynamoDb, TARGET)).hasSize(1);
        assertRefused(run(location, "restore", "--to", "now", "--target-table", "RefusedNew", "--create-table",
                "--no-progress"), message);
        assertThat(exists("RefusedNew")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongLocations")
    void snapshotIsRefusedAndWritesNoFile(String name, String[] location, String message, @TempDir Path dir)
            throws Exception {
        assertRefused(run(location, "snapshot", "--out", dir.toString()), message);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongLocations")
    void verifyAndItsDrillAreRefusedAndMakeNoScratchTable(String name, String[] location, String message) {
        assertRefused(run(location, "verify"), message);
        assertRefused(run(location, "verify", "--restore-drill", "--to", "now", "--scratch-table", "RefusedScratch"), message);
        assertThat(exists("RefusedScratch")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongLocations")
    void historyChangesAndRevertAreRefused(String name, String[] location, String message) {
        assertRefused(run(location, "history", "--key", KEY), message);
        String from = BackupFixture.T0.toString();
        String to = BackupFixture.T2.plusSeconds(60).toString();
        assertRefused(run(location, "changes", "--from", from, "--to", to), message);
        assertRefused(run(location, "revert", "--from", from, "--to", to, "--target-table", TARGET), message);
        assertThat(LocalDynamo.scanAll(dynamoDb, TARGET)).hasSize(1);
    }

    @Test
    void aBackupWhoseItemsAreAllDeletedRestoresToAnEmptyTable() {
        String[] location = {"--bucket", "refusals-emptied", "--prefix", BackupFixture.PREFIX, "--table", "Emptied"};
        Cli.Run dry = run(location, "restore", "--to", "now", "--target-table", "EmptiedDry", "--create-table", "--dry-run",
                "--no-progress");
        assertThat(dry.exit).as(dry.toString()).isEqualTo(Main.EXIT_OK);
        Cli.Run r = run(location, "restore", "--to", "now", "--target-table", "EmptiedNow", "--create-table",
                "--no-progress");
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(LocalDynamo.scanAll(dynamoDb, "EmptiedNow")).isEmpty();
    }

    @Test
    void aTimeBeforeTheFirstChangeIsAnEmptyStateNotARefusal() {
        String[] location = {"--bucket", BUCKET, "--prefix", BackupFixture.PREFIX, "--table", TABLE};
        Instant before = BackupFixture.T0.minusSeconds(86_400);
        Cli.Run r = run(location, "restore", "--to", before.toString(), "--target-table", "RefusedBefore",
                "--create-table", "--no-progress");
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(LocalDynamo.scanAll(dynamoDb, "RefusedBefore")).isEmpty();
    }

    private static boolean exists(String table) {
        try {
            dynamoDb.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
