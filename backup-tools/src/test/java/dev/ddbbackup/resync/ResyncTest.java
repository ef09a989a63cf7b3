package dev.ddbbackup.resync;

import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code resync} through {@link Main} after a lost batch, in both storage modes: items inserted,
 * changed and deleted in the table with no stream record reaching the function. verify finds them
 * (exit 1); resync writes the live state of each as a RESYNC change; verify passes again; a restore
 * to a time before the resync is what it was, one to now equals the table, and the item's history
 * shows the resync.
 */
class ResyncTest {

    private static int instances;

    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static int instance;

    /** The servers of this class (moto's for the subclass), and names no other run of it uses in this JVM. */
    @BeforeAll
    static void namesAndServers() {
        instance = ++instances;
        dynamoDb = LocalServers.dynamoDb();
        s3 = LocalServers.s3();
    }

    @Test
    void repairsALostBatchInObjectsMode() throws Exception {
        lostBatchRepaired("ResyncObjects" + instance, "resync-objects-" + instance, StorageMode.OBJECTS);
    }

    @Test
    void repairsALostBatchInLogMode() throws Exception {
        lostBatchRepaired("ResyncLog" + instance, "resync-log-" + instance, StorageMode.LOG);
    }

    private void lostBatchRepaired(String table, String bucket, StorageMode mode) throws Exception {
        BackupFixture f = BackupFixture.create(dynamoDb, s3, table, bucket, 20, mode, mode);
        String tablePrefix = BackupFixture.PREFIX + "/" + table + "/";
        assertThat(run(table, bucket, "verify").exit).as("a clean backup").isEqualTo(Main.EXIT_OK);

        // The lost batch: changes made in the table that never reached the backup.
        List<String> keys = new ArrayList<>(f.atT2.keySet());
        Map<String, AttributeValue> changed = new LinkedHashMap<>(f.atT2.get(keys.get(0)));
        changed.put("value", s("changed in the lost batch"));
        dynamoDb.putItem(b -> b.tableName(table).item(changed));
        Map<String, AttributeValue> deleted = f.atT2.get(keys.get(1));
        dynamoDb.deleteItem(b -> b.tableName(table).key(BackupFixture.keyOf(deleted)));
        Map<String, AttributeValue> inserted = BackupFixture.item("lost-insert", 5, "inserted in the lost batch");
        dynamoDb.putItem(b -> b.tableName(table).item(inserted));
        String restoredBefore = restore(table, bucket, BackupFixture.T2.plusSeconds(60).toString(), "before");
        assertThat(restoredBefore).isEqualTo(canonical(f.atT2));

        Cli.Run dirty = run(table, bucket, "verify", "--json");
        assertThat(dirty.exit).as(dirty.toString()).isEqualTo(Main.EXIT_PROBLEM);
        assertThat(dirty.json().get("differing").asLong()).isEqualTo(1);
        assertThat(dirty.json().get("extra").asLong()).isEqualTo(1);
        assertThat(dirty.json().get("missing").asLong()).isEqualTo(1);

        int objectsBefore = LocalS3.keysUnder(s3, bucket, tablePrefix).size();
        Cli.Run dry = run(table, bucket, "resync", "--dry-run", "--json", "--no-progress");
        assertThat(dry.exit).as(dry.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
        assertThat(dry.json().get("storageMode").asText()).isEqualTo(mode == StorageMode.LOG ? "log" : "objects");
        assertThat(dry.json().get("writes")).extracting(w -> w.get("action").asText() + " " + w.get("key").asText())
                .containsExactlyInAnyOrder("PUT " + BackupFixture.key(changed), "DELETE " + BackupFixture.key(deleted),
                        "PUT " + BackupFixture.key(inserted));
        assertThat(LocalS3.keysUnder(s3, bucket, tablePrefix)).as("a dry run writes nothing").hasSize(objectsBefore);
        assertThat(run(table, bucket, "verify").exit).isEqualTo(Main.EXIT_PROBLEM);

        Cli.Run resync = run(table, bucket, "resync", "--json", "--no-progress");
        assertThat(resync.exit).as(resync.toString()).isEqualTo(Main.EXIT_OK);
        JsonNode report = resync.json();
        assertThat(report.get("puts").asLong()).isEqualTo(2);
        assertThat(report.get("deletes").asLong()).isEqualTo(1);
        assertThat(report.get("changeLogs").get(0).asText())
                .startsWith(tablePrefix + (mode == StorageMode.LOG ? "_log/" : "_changes/"));
        String insertedObject = BackupFixture.objectKey(table, inserted);
        if (mode == StorageMode.LOG) {
            assertThat(LocalS3.keysUnder(s3, bucket, tablePrefix)).as("log mode writes no item object")
                    .doesNotContain(insertedObject);
        } else {
            assertThat(LocalS3.keysUnder(s3, bucket, tablePrefix)).contains(insertedObject);
        }

        Cli.Run clean = run(table, bucket, "verify", "--json");
        assertThat(clean.exit).as(clean.toString()).isEqualTo(Main.EXIT_OK);

        // History is not rewritten: a restore to before the resync is what it was; one to now is the table.
        assertThat(restore(table, bucket, BackupFixture.T2.plusSeconds(60).toString(), "after")).isEqualTo(restoredBefore);
        assertThat(restore(table, bucket, "now", "now")).isEqualTo(scan(table));

        Cli.Run history = run(table, bucket, "history", "--key", BackupFixture.key(changed));
        assertThat(history.exit).as(history.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(history.out).contains("RESYNC");
        Cli.Run deletedHistory = run(table, bucket, "history", "--key", BackupFixture.key(deleted), "--json");
        assertThat(deletedHistory.out).contains("RESYNC").contains("DELETE");

        // A write racing the resync reaches the stream later, timed at the resync's second or after: it wins.
        Map<String, AttributeValue> racing = new LinkedHashMap<>(changed);
        racing.put("value", s("written while the resync ran"));
        f.events().at(Instant.parse(report.get("time").asText()));
        f.stream(List.of(f.events().modify(BackupFixture.eventKeys(racing), BackupFixture.eventImage(changed),
                BackupFixture.eventImage(racing))));
        dynamoDb.putItem(b -> b.tableName(table).item(racing));
        assertThat(run(table, bucket, "verify").exit).isEqualTo(Main.EXIT_OK);
        assertThat(restore(table, bucket, "now", "raced")).isEqualTo(scan(table));

        Cli.Run again = run(table, bucket, "resync", "--json", "--no-progress");
        assertThat(again.exit).as(again.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(again.json().get("writes")).as("nothing left to repair").isEmpty();
    }

    @Test
    void refusesALocationWithNoBackup() {
        String table = "ResyncNothing" + instance;
        String bucket = "resync-nothing-" + instance;
        LocalDynamo.createTable(dynamoDb, table);
        LocalS3.createVersionedBucket(s3, bucket);
        Cli.Run r = run(table, bucket, "resync", "--no-progress");
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(LocalS3.keysUnder(s3, bucket, "")).isEmpty();
    }

    private static Cli.Run run(String table, String bucket, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bucket", bucket, "--prefix", BackupFixture.PREFIX, "--table", table));
        return Cli.local(all.toArray(new String[0]));
    }

    /** Restores the backup at {@code to} into a new table; returns its items. */
    private static String restore(String table, String bucket, String to, String suffix) {
        String target = table + "-" + suffix;
        LocalDynamo.createTable(dynamoDb, target);
        Cli.Run r = run(table, bucket, "restore", "--to", to, "--target-table", target, "--no-progress");
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        return scan(target);
    }

    private static String scan(String table) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(dynamoDb, table)) {
            items.put(BackupFixture.key(item), item);
        }
        return canonical(items);
    }

    private static String canonical(Map<String, Map<String, AttributeValue>> items) {
        StringBuilder s = new StringBuilder();
        items.forEach((k, v) -> s.append(k).append(' ').append(DynamoJson.sdkItemToJson(new TreeMap<>(v))).append('\n'));
        return s.toString();
    }
}
