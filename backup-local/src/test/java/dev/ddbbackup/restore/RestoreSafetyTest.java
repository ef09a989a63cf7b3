package dev.ddbbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The findings of issue 10 about what a restore must never do, each reproduced with the command line
 * against the local servers: overwrite the source through another spelling of its name, delete a
 * whole table without being asked, write part of a table from bad data, restore another item's
 * image, turn versions it cannot find into deletes, or write into a table with another key.
 * Every error names what to look at; data problems exit 1, usage and refusals 2.
 */
class RestoreSafetyTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private final DynamoDbClient dynamoDb = LocalServers.dynamoDb();
    private final S3Client s3 = LocalServers.s3();

    /** A source table with a backup (backfill at T0, streamed changes at T1 and T2). */
    private BackupFixture backup() throws Exception {
        int n = RUNS.incrementAndGet();
        return BackupFixture.create(dynamoDb, s3, "Safety" + n, "safety-" + n, 12);
    }

    private static Cli.Run restore(BackupFixture f, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "--bucket", f.bucket, "--prefix", BackupFixture.PREFIX,
                "--table", f.table, "--no-progress"));
        args.addAll(List.of(more));
        return Cli.local(args.toArray(new String[0]));
    }

    private String newTable(String name) {
        LocalDynamo.createTable(dynamoDb, name);
        return name;
    }

    private Map<String, String> contents(String table) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(dynamoDb, table)) {
            out.put(BackupFixture.key(item), DynamoJson.sdkItemToJson(item));
        }
        return out;
    }

    private static Map<String, String> canonical(Map<String, Map<String, AttributeValue>> state) {
        Map<String, String> out = new TreeMap<>();
        state.forEach((k, v) -> out.put(k, DynamoJson.sdkItemToJson(v)));
        return out;
    }

    /** The source table's ARN, as DynamoDB Local spells it for another region: the same table. */
    @Test
    void theSourceTableByItsArnNeedsInPlace() throws Exception {
        BackupFixture f = backup();
        String arn = dynamoDb.describeTable(b -> b.tableName(f.table)).table().tableArn();
        Cli.Run refused = restore(f, "--to", BackupFixture.T1.toString(), "--target-table", arn);
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err).contains("is the source table " + f.table).contains("--in-place");
        Cli.Run otherSpelling = restore(f, "--to", BackupFixture.T1.toString(), "--target-table",
                "arn:aws:dynamodb:us-east-1:000000000000:table/" + f.table);
        assertThat(otherSpelling.exit).as(otherSpelling.toString()).isEqualTo(2);
        assertThat(contents(f.table)).isEqualTo(canonical(f.atT2));

        Cli.Run inPlace = restore(f, "--to", BackupFixture.T1.toString(), "--target-table", arn, "--in-place");
        assertThat(inPlace.exit).as(inPlace.toString()).isZero();
        assertThat(contents(f.table)).isEqualTo(canonical(f.atT1));
    }

    @Test
    void aTimeBeforeTheBackupDeletesNothingWithoutAllowDeleteAll() throws Exception {
        BackupFixture f = backup();
        String target = newTable(f.table + "-copy");
        LocalDynamo.putAll(dynamoDb, target, new ArrayList<>(f.atT2.values()));
        Cli.Run refused = restore(f, "--to", "2000-01-01T00:00:00Z", "--target-table", target);
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err).contains("would put no item and delete every item").contains("--allow-delete-all");
        assertThat(refused.out).contains("REFUSED: nothing written");
        assertThat(contents(target)).hasSize(f.atT2.size());

        Cli.Run dryRun = restore(f, "--to", "2000-01-01T00:00:00Z", "--target-table", target, "--dry-run");
        assertThat(dryRun.exit).as("a dry run says what the restore would do").isEqualTo(2);

        Cli.Run allowed = restore(f, "--to", "2000-01-01T00:00:00Z", "--target-table", target, "--allow-delete-all");
        assertThat(allowed.exit).as(allowed.toString()).isZero();
        assertThat(contents(target)).isEmpty();
    }

    /** A version whose body is not JSON: nothing is written, and the error names the object and version. */
    @Test
    void anObjectThatIsNotJsonStopsTheRestoreBeforeAnyWrite() throws Exception {
        BackupFixture f = backup();
        String broken = f.atT2.keySet().iterator().next();
        String objectKey = BackupFixture.objectKey(f.table, f.atT2.get(broken));
        String version = s3.putObject(b -> b.bucket(f.bucket).key(objectKey), RequestBody.fromString("garbage")).versionId();
        String target = newTable(f.table + "-copy");

        Cli.Run stopped = restore(f, "--to", "now", "--target-table", target);
        assertThat(stopped.exit).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.out).contains("STOPPED before any write").contains(objectKey + " version " + version)
                .contains("not an item in DynamoDB JSON");
        assertThat(stopped.err).contains("--skip-bad-objects").doesNotContain("Exception");
        assertThat(contents(target)).isEmpty();

        Cli.Run skipped = restore(f, "--to", "now", "--target-table", target, "--skip-bad-objects", "--json");
        assertThat(skipped.exit).as("items were left out").isEqualTo(1);
        JsonNode report = skipped.json();
        assertThat(report.get("outcome").asText()).isEqualTo("restored");
        assertThat(report.get("itemsSkipped").asInt()).isEqualTo(1);
        assertThat(report.get("problems").get(0).get("objectKey").asText()).isEqualTo(objectKey);
        assertThat(report.get("problems").get(0).get("versionId").asText()).isEqualTo(version);
        Map<String, Map<String, AttributeValue>> rest = new TreeMap<>(f.atT2);
        rest.remove(broken);
        assertThat(contents(target)).isEqualTo(canonical(rest));
    }

    /** Object c holding the image of item d is caught by restore (as by verify), not restored as d. */
    @Test
    void anImageOfAnotherItemUnderAnItemsNameIsABadObject() throws Exception {
        BackupFixture f = backup();
        List<String> keys = new ArrayList<>(f.atT2.keySet());
        Map<String, AttributeValue> c = f.atT2.get(keys.get(0));
        Map<String, AttributeValue> d = f.atT2.get(keys.get(1));
        String objectKey = BackupFixture.objectKey(f.table, c);
        String version = s3.putObject(b -> b.bucket(f.bucket).key(objectKey),
                RequestBody.fromBytes(DynamoJson.sdkItemToBytes(d))).versionId();
        String target = newTable(f.table + "-copy");

        Cli.Run stopped = restore(f, "--to", "now", "--target-table", target);
        assertThat(stopped.exit).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.out).contains(objectKey + " version " + version).contains("holds the item");
        assertThat(contents(target)).isEmpty();

        Cli.Run verify = Cli.local("verify", "--table", f.table, "--bucket", f.bucket, "--prefix", BackupFixture.PREFIX);
        assertThat(verify.exit).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out).contains("unreadable in the backup").contains(objectKey + " version " + version);
    }

    /**
     * Versions the change log names but the bucket does not list (expired, deleted, a server that
     * cut its listing): the restore stops before any write, and with --allow-missing-versions leaves
     * those items as they are; it never deletes them.
     */
    @Test
    void versionsTheBucketDoesNotHaveAreNeverTurnedIntoDeletes() throws Exception {
        BackupFixture f = backup();
        String gone = f.atT2.keySet().iterator().next();
        String objectKey = BackupFixture.objectKey(f.table, f.atT2.get(gone));
        for (ObjectVersion v : s3.listObjectVersions(b -> b.bucket(f.bucket).prefix(objectKey)).versions()) {
            s3.deleteObject(b -> b.bucket(f.bucket).key(objectKey).versionId(v.versionId()));
        }
        String target = newTable(f.table + "-copy");
        LocalDynamo.putAll(dynamoDb, target, new ArrayList<>(f.atT2.values()));
        Map<String, AttributeValue> changedInTarget = new java.util.LinkedHashMap<>(f.atT2.get(gone));
        changedInTarget.put("value", AttributeValue.fromS("changed since"));
        dynamoDb.putItem(b -> b.tableName(target).item(changedInTarget));
        Map<String, String> before = contents(target);

        Cli.Run stopped = restore(f, "--to", BackupFixture.T2.toString(), "--target-table", target);
        assertThat(stopped.exit).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.out).contains("missing-version").contains(objectKey + " version ");
        assertThat(stopped.err).contains("--allow-missing-versions");
        assertThat(contents(target)).isEqualTo(before);

        Cli.Run allowed = restore(f, "--to", BackupFixture.T2.toString(), "--target-table", target,
                "--allow-missing-versions");
        assertThat(allowed.exit).as(allowed.toString()).isEqualTo(1);
        assertThat(allowed.out).contains("items left untouched").contains(objectKey);
        Map<String, String> want = canonical(f.atT2);
        want.put(gone, DynamoJson.sdkItemToJson(changedInTarget));
        assertThat(contents(target)).isEqualTo(want);
    }

    @Test
    void aTargetWithAnotherKeySchemaIsRefusedBeforeAnyWrite() throws Exception {
        BackupFixture f = backup();
        String target = f.table + "-pk";
        dynamoDb.createTable(b -> b.tableName(target).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
        Cli.Run refused = restore(f, "--to", "now", "--target-table", target);
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err).contains("pk (HASH, S)").contains("id (HASH, S), range (RANGE, N)");

        // Without _table.json the items tell.
        s3.deleteObject(b -> b.bucket(f.bucket).key(BackupLayout.withPrefix(BackupFixture.PREFIX).tableDescriptionKey(f.table)));
        Cli.Run byItems = restore(f, "--to", "now", "--target-table", target);
        assertThat(byItems.exit).as(byItems.toString()).isEqualTo(2);
        assertThat(byItems.err).contains("has the key pk (HASH, S)").contains("no attribute 'pk'");
        assertThat(LocalDynamo.scanAll(dynamoDb, target)).isEmpty();
    }

    @Test
    void aGarbageChangeLogLineOrTableDescriptionIsADataProblemNamedByItsObject() throws Exception {
        BackupFixture f = backup();
        BackupLayout layout = BackupLayout.withPrefix(BackupFixture.PREFIX);
        String log = layout.changeLogRoot(f.table) + "2026/11/21/10/20261121T100000Z-9-garbage.jsonl";
        s3.putObject(b -> b.bucket(f.bucket).key(log), RequestBody.fromString("{\"table\":\"x\"}\nnot json at all\n"));
        String target = newTable(f.table + "-copy");

        Cli.Run stopped = restore(f, "--to", "now", "--target-table", target);
        assertThat(stopped.exit).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.out).contains("s3://" + f.bucket + "/" + log + " line 1").contains(log + " line 2");
        assertThat(contents(target)).isEmpty();
        Cli.Run history = Cli.local("history", "--bucket", f.bucket, "--prefix", BackupFixture.PREFIX, "--table", f.table,
                "--key", DynamoJson.sdkItemToJson(BackupFixture.keyOf(f.atT2.values().iterator().next())));
        assertThat(history.exit).as(history.toString()).isEqualTo(1);
        assertThat(history.err).contains(log + " line 2");
        s3.deleteObject(b -> b.bucket(f.bucket).key(log));

        String description = layout.tableDescriptionKey(f.table);
        s3.putObject(b -> b.bucket(f.bucket).key(description), RequestBody.fromString("[1,2]"));
        Cli.Run badDescription = restore(f, "--to", "now", "--target-table", target);
        assertThat(badDescription.exit).as(badDescription.toString()).isEqualTo(1);
        assertThat(badDescription.err).contains("s3://" + f.bucket + "/" + description).contains("Not a table description");
        Cli.Run create = restore(f, "--to", "now", "--target-table", f.table + "-new", "--create-table");
        assertThat(create.exit).as(create.toString()).isEqualTo(1);
        assertThat(create.err).contains(description);
    }

    @Test
    void snapshotFailsOnABadObjectAndSaysWhich(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        BackupFixture f = backup();
        String objectKey = BackupFixture.objectKey(f.table, f.atT2.values().iterator().next());
        String version = s3.putObject(b -> b.bucket(f.bucket).key(objectKey), RequestBody.fromString("{\"id\":{\"N\":\"abc\"}}"))
                .versionId();
        Cli.Run snapshot = Cli.local("snapshot", "--bucket", f.bucket, "--prefix", BackupFixture.PREFIX, "--table", f.table,
                "--out", dir.toString());
        assertThat(snapshot.exit).as(snapshot.toString()).isEqualTo(1);
        assertThat(snapshot.err).contains(objectKey + " version " + version).contains("not a number: 'abc'")
                .contains("No manifest was written");
        assertThat(dir.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void aBadEventFileIsAUsageErrorWithoutShadedClassNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path event = dir.resolve("bad.json");
        java.nio.file.Files.writeString(event, "{\"Records\":[{\"dynamodb\":{\"NewImage\":{\"b\":{\"B\":\"!!\"}}}}]}");
        Cli.Run run = Cli.local("invoke", "--event", event.toString(), "--bucket", "nowhere");
        assertThat(run.exit).as(run.toString()).isEqualTo(2);
        assertThat(run.err).contains("is not a Lambda DynamoDB stream event").contains("base64")
                .contains("Records[0].dynamodb.NewImage.b.B").doesNotContain("thirdparty").doesNotContain("Exception");
    }
}
