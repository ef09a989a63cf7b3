package dev.ddbbackup.cli;

import static dev.ddbbackup.testing.LocalDynamo.n;
import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The commands that read a backup, through {@link Main}, on a backup written only in log mode by the
 * real function with multi-tenancy on: every item inserted at T1, then modified, removed and
 * inserted at T2, all as log segments (no backfill, so no item objects at all), in a bucket without
 * versioning, which the log mode does not need: every reader must read it all the same. Whole-table,
 * one-tenant, one-item and dry-run restores, a snapshot, verify (clean, of one tenant, then a
 * difference) and a restore drill.
 */
class LogModeCommandsTest {

    static final Instant T1 = BackupFixture.T1;
    static final Instant T2 = BackupFixture.T2;
    static final String PREFIX = BackupFixture.PREFIX;
    static final String[] TENANTS = {"acme", "beta", "gamma"};
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static int instances;

    static DynamoDbClient dynamoDb;
    static String table;
    static String bucket;
    /** Canonical key JSON → item, as in the table after T2. */
    static final Map<String, Map<String, AttributeValue>> expected = new TreeMap<>();

    @BeforeAll
    static void logModeBackupWithTenants() {
        dynamoDb = LocalServers.dynamoDb();
        S3Client s3 = LocalServers.s3();
        // moto and the local servers are separate, but a subclass runs in the same JVM: distinct names.
        instances++;
        table = "LogCommands" + instances;
        bucket = "log-commands-" + instances;
        expected.clear();
        LocalDynamo.createTable(dynamoDb, table);
        s3.createBucket(b -> b.bucket(bucket)); // never versioned: the log mode keeps history in segments
        BackupHandler handler = new BackupHandler(BackupConfig.builder().bucket(bucket).prefix(PREFIX)
                .storageMode(StorageMode.LOG).multiTenancyColumn("tenant").build(), s3, () -> dynamoDb,
                new JsonLog(QUIET, JsonLog.Level.ERROR), new EmfMetrics(QUIET));
        Events events = new Events(table);

        events.at(T1);
        List<DynamodbStreamRecord> inserts = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            Map<String, AttributeValue> item = item("item-" + i, i % 4, TENANTS[i % 3], "v1-" + i);
            inserts.add(events.insert(BackupFixture.eventKeys(item), BackupFixture.eventImage(item)));
            put(item);
        }
        stream(handler, inserts);

        events.at(T2);
        List<DynamodbStreamRecord> changes = new ArrayList<>();
        List<String> keys = new ArrayList<>(expected.keySet());
        for (int i = 0; i < keys.size(); i++) {
            Map<String, AttributeValue> old = expected.get(keys.get(i));
            if (i % 5 == 0) {
                changes.add(events.remove(BackupFixture.eventKeys(old), BackupFixture.eventImage(old)));
                dynamoDb.deleteItem(b -> b.tableName(table).key(BackupFixture.keyOf(old)));
                expected.remove(keys.get(i));
            } else if (i % 3 == 0) {
                Map<String, AttributeValue> changed = new LinkedHashMap<>(old);
                changed.put("value", s("v2-" + i));
                changes.add(events.modify(BackupFixture.eventKeys(changed), BackupFixture.eventImage(old),
                        BackupFixture.eventImage(changed)));
                put(changed);
            }
        }
        Map<String, AttributeValue> inserted = item("new-2", 9, "beta", "inserted");
        changes.add(events.insert(BackupFixture.eventKeys(inserted), BackupFixture.eventImage(inserted)));
        put(inserted);
        stream(handler, changes);
        String tablePrefix = PREFIX + "/" + table + "/";
        assertThat(LocalS3.keysUnder(s3, bucket, tablePrefix + "_log/")).as("log segments").isNotEmpty();
        assertThat(LocalS3.keysUnder(s3, bucket, tablePrefix)).as("no item objects, only the backup's own files")
                .allSatisfy(k -> assertThat(k.substring(tablePrefix.length())).startsWith("_"));
    }

    private static Map<String, AttributeValue> item(String id, int range, String tenant, String value) {
        Map<String, AttributeValue> item = BackupFixture.item(id, range, value);
        item.put("tenant", s(tenant));
        return item;
    }

    private static void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(table).item(item));
        expected.put(BackupFixture.key(item), item);
    }

    private static void stream(BackupHandler handler, List<DynamodbStreamRecord> records) {
        var response = handler.handleRequest(Events.event(records), null);
        assertThat(response.getBatchItemFailures()).as("batch item failures").isEmpty();
    }

    /** Runs a command on this backup, with the servers' endpoints. */
    static Cli.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bucket", bucket, "--prefix", PREFIX, "--table", table));
        return Cli.local(all.toArray(new String[0]));
    }

    static Map<String, String> scan(String name) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(dynamoDb, name)) {
            out.put(BackupFixture.key(item), DynamoJson.sdkItemToJson(new TreeMap<>(item)));
        }
        return out;
    }

    static Map<String, String> canonical(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, DynamoJson.sdkItemToJson(new TreeMap<>(v))));
        return out;
    }

    static Map<String, Map<String, AttributeValue>> ofTenant(String tenant) {
        Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (v.get("tenant").s().equals(tenant)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** A restore to now into the new, empty table {@code target}, with {@code options}: it must succeed. */
    private static Cli.Run restoreIntoNewTable(String target, String... options) {
        LocalDynamo.createTable(dynamoDb, target);
        List<String> args = new ArrayList<>(List.of("restore", "--to", "now", "--target-table", target, "--no-progress"));
        args.addAll(List.of(options));
        Cli.Run r = run(args.toArray(new String[0]));
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        return r;
    }

    @Test
    void wholeTableRestoreEqualsTheTable() {
        String target = table + "-whole";
        Cli.Run r = run("restore", "--to", "now", "--target-table", target, "--create-table", "--no-progress");
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(scan(target)).isEqualTo(canonical(expected)).isEqualTo(scan(table));
    }

    @Test
    void oneTenantRestoresExactlyThatTenantsItems() {
        String target = table + "-beta";
        restoreIntoNewTable(target, "--tenant", "beta");
        assertThat(ofTenant("beta")).isNotEmpty().hasSizeLessThan(expected.size());
        assertThat(scan(target)).isEqualTo(canonical(ofTenant("beta")));
    }

    @Test
    void oneKeyRestoresExactlyOneItem() {
        String target = table + "-key";
        // An item modified at T2: its state in force is the second segment's.
        Map<String, AttributeValue> item = expected.values().stream()
                .filter(i -> i.get("value").s().startsWith("v2-")).findFirst().orElseThrow();
        restoreIntoNewTable(target, "--key", BackupFixture.key(item));
        assertThat(scan(target)).isEqualTo(canonical(Map.of(BackupFixture.key(item), item)));
    }

    @Test
    void dryRunWritesNothingAndCountsThePlan() {
        String target = table + "-dry";
        Cli.Run r = restoreIntoNewTable(target, "--dry-run", "--json");
        JsonNode report = r.json();
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("puts").asLong()).as(r.out).isEqualTo(expected.size());
        assertThat(scan(target)).isEmpty();

        // Between the rounds: every item inserted at T1 is put.
        Cli.Run atT1 = run("restore", "--to", T1.plusSeconds(30).toString(), "--target-table", target, "--tenant", "acme",
                "--dry-run", "--json", "--no-progress");
        assertThat(atT1.exit).as(atT1.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(atT1.json().get("puts").asLong()).as(atT1.out).isEqualTo(6);
        assertThat(scan(target)).isEmpty();
    }

    @Test
    void snapshotProducesTheTablesItems(@TempDir Path dir) throws Exception {
        Cli.Run r = run("snapshot", "--out", dir.toString(), "--max-file-mb", "0.002", "--json");
        assertThat(r.exit).as(r.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(r.json().get("snapshot").get("itemCount").asLong()).isEqualTo(expected.size());
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        try (var files = Files.list(dir.resolve("data"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        JsonNode node = mapper.readTree(line);
                        assertThat(node.size()).isEqualTo(1);
                        Map<String, AttributeValue> item = DynamoJson.parseSdkItem(mapper.writeValueAsBytes(node.get("Item")));
                        assertThat(items.put(BackupFixture.key(item), item)).as("one line per item").isNull();
                    }
                }
            }
        }
        assertThat(canonical(items)).isEqualTo(canonical(expected));
    }

    @Test
    void verifyPassesThenReportsAChangedItemAndTheRestoreDrillPasses() throws Exception {
        Cli.Run clean = run("verify", "--json");
        assertThat(clean.exit).as(clean.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(clean.json().get("backupItems").asLong()).isEqualTo(expected.size());
        Cli.Run tenant = run("verify", "--tenant", "gamma", "--tenant-column", "tenant", "--json");
        assertThat(tenant.exit).as(tenant.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(tenant.json().get("backupItems").asLong()).isEqualTo(ofTenant("gamma").size());

        Cli.Run drill = run("verify", "--restore-drill", "--to", "now", "--scratch-table",
                table + "-drill", "--json");
        assertThat(drill.exit).as(drill.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(drill.json().get("scratchDeleted").asBoolean()).isTrue();
        assertThat(dynamoDb.listTables().tableNames()).doesNotContain(table + "-drill");

        // One live item changed behind the backup's back (no stream record): a difference.
        Map<String, AttributeValue> item = expected.values().iterator().next();
        Map<String, AttributeValue> changed = new LinkedHashMap<>(item);
        changed.put("value", s("changed-outside"));
        changed.put("extra", n("1"));
        dynamoDb.putItem(b -> b.tableName(table).item(changed));
        try {
            Cli.Run dirty = run("verify");
            assertThat(dirty.exit).as(dirty.toString()).isEqualTo(Main.EXIT_PROBLEM);
            assertThat(dirty.out).contains("DIFFERENCES");
        } finally {
            dynamoDb.putItem(b -> b.tableName(table).item(item));
        }
    }
}
