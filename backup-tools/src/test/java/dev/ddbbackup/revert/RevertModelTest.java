package dev.ddbbackup.revert;

import static dev.ddbbackup.revert.BadDeploy.BAD;
import static dev.ddbbackup.revert.BadDeploy.FROM;
import static dev.ddbbackup.revert.BadDeploy.TO;
import static dev.ddbbackup.revert.BadDeploy.render;
import static dev.ddbbackup.revert.BadDeploy.renderAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.AttributeDiff;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.ChangeWindow;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.cli.ExitCodes;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A bad deploy, undone ({@link BadDeploy}). {@code changes} must list exactly the window's items,
 * each as the model says (kind, difference, changes in the window, changed after T2: so its output
 * is the same in every storage mode); {@code revert --in-place} must make the live table equal the
 * model, item by item, and list the items changed after T2 as conflicts, untouched.
 *
 * <p>Each {@link Scenario} stores the same history another way: object versions, log segments, a
 * switch from objects to log mode inside the window or before it, and a window days after the
 * older history, whose states at T1 then come from a checkpoint or from every log segment.
 */
class RevertModelTest {

    /** The checkpoint of the scenarios whose window is days later: after the fixture's history, a day before the window. */
    static final Instant CHECKPOINT = Instant.parse("2026-11-23T00:00:00Z");
    private static final Pattern SEGMENTS_READ = Pattern.compile("Read \\d+ change logs, (\\d+) log segments");
    private static int runs;

    /**
     * How the backup stores the history (the fixture's rounds at T1 and T2, then from the bad deploy
     * on), and how many days after the fixture's history the window lies.
     */
    record Scenario(String name, StorageMode atT1, StorageMode atT2, StorageMode deploy, int daysLater,
            boolean checkpoint) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        StorageMode objects = StorageMode.OBJECTS;
        StorageMode log = StorageMode.LOG;
        return Stream.of(new Scenario("objects", objects, objects, null, 0, false),
                new Scenario("log", log, log, null, 0, false),
                // Redeployed in log mode between the good writes before the window and the bad deploy.
                new Scenario("objects, log from the bad deploy on", objects, objects, log, 0, false),
                // Segments older than the window's lines and no checkpoint: every segment is read.
                new Scenario("log, the window days later", log, log, null, 3, false),
                new Scenario("log, the window days later, a checkpoint before it", log, log, null, 3, true),
                new Scenario("objects then log, the window days later", objects, log, null, 3, false),
                new Scenario("objects then log, the window days later, a checkpoint before it", objects, log, null, 3,
                        true));
    }

    static Stream<Scenario> storageModes() {
        return scenarios().limit(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aRevertPutsBackExactlyTheWindowsItemsAndLeavesLaterChangesAlone(Scenario scenario) throws Exception {
        runs++;
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), LocalServers.s3(), "Deployed" + runs,
                "revert-model-" + runs, 30, scenario.atT1(), scenario.atT2());
        BackupFixture backup = model.backup;
        if (scenario.checkpoint()) {
            BackupReader reader = BackupRead.of(new BackupLocation(backup.bucket, BackupFixture.PREFIX, backup.table))
                    .reader(backup.s3);
            CheckpointReport built = new CheckpointJob(reader, Clock.systemUTC()).run(backup.table, CHECKPOINT, null, 2,
                    Progress.none());
            assertThat(built.outcome).as(built.message + " " + built.problems).isEqualTo(CheckpointReport.Outcome.WRITTEN);
        }
        model.deploy(scenario.deploy(), Duration.ofDays(scenario.daysLater()));
        List<String> keys = model.keys;
        Set<String> inWindow = model.inWindow;

        Cli.Run changes = model.cli("changes", "--json");
        assertThat(changes.exit).as(changes.toString()).isZero();
        JsonNode shown = changes.json();
        Set<String> listed = new HashSet<>();
        shown.get("changes").forEach(c -> listed.add(c.get("key").asText()));
        assertThat(listed).isEqualTo(inWindow);
        assertThat(shown.get("kinds").get("unchanged").asInt()).isEqualTo(2); // created and deleted inside; changed and back
        assertThat(shown.get("kinds").get("added").asInt()).isEqualTo(1);
        assertThat(shown.get("kinds").get("deleted").asInt()).isEqualTo(2);
        assertThat(shown.get("kinds").get("modified").asInt()).isEqualTo(6);
        assertThat(shown.get("changedAfter").asInt()).isEqualTo(3);
        // Item by item as the model says: the same output whatever the storage mode.
        assertThat(shown.get("changes")).isEqualTo(expectedChanges(model));
        // Only the window's items were listed, never the table; from a checkpoint nothing is.
        long windowVersions = 0;
        for (String k : inWindow) {
            windowVersions += versions(backup, BackupFixture.objectKey(backup.table, DynamoJson.parseSdkItem(k)));
        }
        assertThat(shown.get("versionsListed").asLong()).isEqualTo(scenario.checkpoint() ? 0 : windowVersions);
        assertReadAsTheScenarioSays(scenario, backup, shown.get("readFrom").asText());

        Cli.Run one = model.cli("changes", "--key", keys.get(2), "--json");
        assertThat(one.exit).as(one.toString()).isZero();
        assertThat(one.json().get("changes")).hasSize(1);
        assertThat(one.json().get("changes").get(0).get("changesInWindow").asInt()).isEqualTo(2);

        Cli.Run dryRun = model.cli("revert", "--in-place", "--dry-run");
        assertThat(dryRun.exit).as(dryRun.toString()).isEqualTo(1); // the conflicts would be left out
        assertThat(model.table()).isEqualTo(renderAll(model.live));

        Cli.Run refused = model.cli("revert");
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);

        Cli.Run revert = model.cli("revert", "--in-place", "--json");
        assertThat(revert.exit).as(revert.toString()).isEqualTo(1);
        Set<String> leftOut = new HashSet<>();
        revert.json().get("leftOut").forEach(l -> {
            assertThat(l.get("reason").asText()).isEqualTo("changed-after");
            leftOut.add(l.get("key").asText());
        });
        assertThat(leftOut).containsExactlyInAnyOrder(keys.get(3), keys.get(4));
        assertThat(leftOut).isEqualTo(model.conflicts());
        assertThat(model.table()).isEqualTo(renderAll(model.expected));

        // Once more: every item is at its T1 state or a conflict; nothing is written again.
        Cli.Run again = model.cli("revert", "--in-place", "--json");
        assertThat(again.json().get("puts").asInt() + again.json().get("deletes").asInt()).as(again.toString()).isZero();
    }

    /**
     * A writer the backup has not seen changes an item between the revert's read of the live item and its
     * write: the condition fails, the item is left alone and reported. In log mode the conditions are
     * built from the segment lines' images as in objects mode from the versions'.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("storageModes")
    void aWriterRacingTheRevertIsNeverOverwritten(Scenario scenario) throws Exception {
        runs++;
        String table = "Raced" + runs;
        String bucket = "revert-race-" + runs;
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), LocalServers.s3(), table, bucket, 6,
                scenario.atT1(), scenario.atT2());
        BackupFixture backup = model.backup;
        List<String> keys = model.keys;
        model.batch(BAD, false, r -> {
            r.add(model.modify(keys.get(0), "corrupt"));
            r.add(model.modify(keys.get(1), "corrupt"));
            r.add(model.modify(keys.get(2), "corrupt"));
        });
        Map<String, AttributeValue> racer = new LinkedHashMap<>(model.live.get(keys.get(1)));
        racer.put("value", dev.ddbbackup.testing.LocalDynamo.s("written-while-reverting"));
        // keys.get(2): changed before the revert reads it (not in the backup yet).
        Map<String, AttributeValue> early = new LinkedHashMap<>(model.live.get(keys.get(2)));
        early.put("value", dev.ddbbackup.testing.LocalDynamo.s("written-before-the-revert-read"));
        backup.dynamoDb.putItem(b -> b.tableName(table).item(early));

        DynamoDbClient racing = racingClient(backup.dynamoDb, keys.get(1), racer);
        BackupReader reader = BackupRead.of(new BackupLocation(bucket, BackupFixture.PREFIX, table)).reader(backup.s3);
        KeySchema key = KeySchema.of(backup.dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema(),
                backup.dynamoDb.describeTable(b -> b.tableName(table)).table().attributeDefinitions());
        WindowChanges window;
        try (BackupView view = ChangeWindow.open(reader, BackupScope.all(), FROM, TO)) {
            window = WindowChanges.read(view, FROM, TO, key, Progress.none(), 4);
        }
        RevertJobSpec job = new RevertJobSpec(BackupRead.of(new BackupLocation(bucket, BackupFixture.PREFIX,
                table)), FROM, TO, null, null, table, false, false, 0, 1);
        RevertReport report = new RevertJob(backup.s3, racing).write(window, job, key, Segment.all());

        assertThat(report.puts()).isEqualTo(1);
        assertThat(report.leftOut()).extracting(l -> l.item().key().canonicalJson())
                .containsExactlyInAnyOrder(keys.get(1), keys.get(2));
        assertThat(report.leftOut()).allMatch(l -> l.reason() == RevertReport.Reason.RACE);
        assertThat(ExitCodes.of(report)).isEqualTo(1);
        Map<String, String> now = model.table(table);
        assertThat(now.get(keys.get(0))).isEqualTo(render(backup.atT2.get(keys.get(0))));
        assertThat(now.get(keys.get(1))).isEqualTo(render(racer));
        assertThat(now.get(keys.get(2))).isEqualTo(render(early));
    }

    /** An image the revert would write is gone from the bucket: it stops before its first write. */
    @Test
    void aProblemInTheBackupStopsTheRevertBeforeAnyWrite() throws Exception {
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), LocalServers.s3(), "RevertBroken", "revert-broken", 6);
        String objectKey = model.corruptFirstItemAndLoseItsVersionAtFrom();

        Cli.Run changes = model.cli("changes");
        assertThat(changes.exit).as(changes.toString()).isEqualTo(1);
        assertThat(changes.out).contains("missing-version").contains(objectKey);
        Cli.Run revert = model.cli("revert", "--in-place", "--json");
        assertThat(revert.exit).as(revert.toString()).isEqualTo(1);
        assertThat(revert.json().get("outcome").asText()).isEqualTo("stopped");
        assertThat(model.table()).isEqualTo(renderAll(model.live));
    }

    /**
     * The states at T1 came from where the scenario says, and the cost followed: every segment
     * without a checkpoint (the history is older than the window's lines), fewer from one.
     */
    private static void assertReadAsTheScenarioSays(Scenario scenario, BackupFixture backup, String readFrom) {
        Matcher m = SEGMENTS_READ.matcher(readFrom);
        assertThat(m.find()).as(readFrom).isTrue();
        long read = Long.parseLong(m.group(1));
        long stored = LocalS3.keysUnder(backup.s3, backup.bucket, BackupFixture.PREFIX + "/" + backup.table + "/_log/").size();
        if (scenario.checkpoint()) {
            assertThat(readFrom).startsWith("checkpoint " + CHECKPOINT);
            assertThat(read).as(readFrom).isPositive().isLessThan(stored);
        } else if (scenario.daysLater() > 0) {
            assertThat(readFrom).startsWith("every log segment");
            assertThat(read).as(readFrom).isEqualTo(stored);
        } else {
            assertThat(readFrom).startsWith("change logs from ");
        }
    }

    /** What {@code changes --json} must list, by the model: in the order it lists them (by tenant, then key). */
    private static JsonNode expectedChanges(BadDeploy model) {
        ArrayNode out = new ObjectMapper().createArrayNode();
        for (String k : new TreeSet<>(model.inWindow)) {
            Map<String, AttributeValue> before = model.atFrom.get(k);
            Map<String, AttributeValue> after = model.atTo.get(k);
            String kind = before == null && after == null ? "unchanged" : before == null ? "added" : after == null
                    ? "deleted" : render(before).equals(render(after)) ? "unchanged" : "modified";
            ObjectNode n = out.addObject();
            n.put("key", k).put("tenant", (String) null).put("kind", kind)
                    .put("atFrom", before == null ? "absent" : "present").put("atTo", after == null ? "absent" : "present")
                    .put("changesInWindow", model.changesInWindow.get(k))
                    .put("changedAfter", model.changedAfter.contains(k));
            ObjectNode diff = n.putObject("diff");
            AttributeDiff.of(before == null ? Map.of() : before, after == null ? Map.of() : after)
                    .forEach(d -> diff.put(d.jsonName(), d.jsonValue()));
        }
        return out;
    }

    /** A client whose first GetItem of {@code key} is followed by another writer's PutItem of {@code racer}. */
    static DynamoDbClient racingClient(DynamoDbClient delegate, String key, Map<String, AttributeValue> racer) {
        return new DynamoDbClient() {
            boolean raced;

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                GetItemResponse response = delegate.getItem(request);
                synchronized (this) {
                    if (!raced && DynamoJson.sdkKey(request.key()).canonicalJson().equals(key)) {
                        raced = true;
                        delegate.putItem(b -> b.tableName(request.tableName()).item(racer));
                    }
                }
                return response;
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.model.PutItemResponse putItem(
                    software.amazon.awssdk.services.dynamodb.model.PutItemRequest request) {
                return delegate.putItem(request);
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse deleteItem(
                    software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest request) {
                return delegate.deleteItem(request);
            }

            @Override
            public String serviceName() {
                return delegate.serviceName();
            }

            @Override
            public void close() {
            }
        };
    }

    private static long versions(BackupFixture backup, String objectKey) {
        var page = backup.s3.listObjectVersionsPaginator(b -> b.bucket(backup.bucket).prefix(objectKey));
        return page.versions().stream().filter(v -> v.key().equals(objectKey)).count()
                + page.deleteMarkers().stream().filter(m -> m.key().equals(objectKey)).count();
    }
}
