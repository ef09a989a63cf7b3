package dev.ddbbackup.revert;

import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
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
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import dev.ddbbackup.verify.ItemDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * A bad deploy, undone. A backed-up table ({@link BackupFixture}: backfilled, two rounds of changes)
 * then takes, through the real function: good writes before the window; in the window (T1, T2] a
 * bad deploy that corrupts items, creates items, deletes items, creates and deletes one, its batch
 * delivered twice; after the window good writes, some on items the bad deploy touched. A model kept
 * beside the table says what a revert must leave: every item changed in the window and not after
 * at its T1 state, every other item as it is. {@code changes} must list exactly the window's items,
 * each as the model says (kind, difference, changes in the window, changed after T2: so its output
 * is the same in every storage mode); {@code revert --in-place} must make the live table equal the
 * model, item by item, and list the items changed after T2 as conflicts, untouched.
 *
 * <p>Each {@link Scenario} stores the same history another way: object versions, log segments, a
 * switch from objects to log mode inside the window or before it, and a window days after the
 * older history, whose states at T1 then come from a checkpoint or from every log segment.
 */
class RevertModelTest {

    /**
     * How the backup stores the history (the fixture's rounds at T1 and T2, then the bad deploy and
     * after), and how many days after the fixture's history the window lies.
     */
    record Scenario(String name, StorageMode atT1, StorageMode atT2, StorageMode deploy, int daysLater,
            boolean checkpoint) {

        Duration later() {
            return Duration.ofDays(daysLater);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        StorageMode objects = StorageMode.OBJECTS;
        StorageMode log = StorageMode.LOG;
        return Stream.of(new Scenario("objects", objects, objects, objects, 0, false),
                new Scenario("log", log, log, log, 0, false),
                // Redeployed in log mode between the good writes before the window and the bad deploy.
                new Scenario("objects, log from the bad deploy on", objects, objects, log, 0, false),
                // Segments older than the window's lines and no checkpoint: every segment is read.
                new Scenario("log, the window days later", log, log, log, 3, false),
                new Scenario("log, the window days later, a checkpoint before it", log, log, log, 3, true),
                new Scenario("objects then log, the window days later", objects, log, log, 3, false),
                new Scenario("objects then log, the window days later, a checkpoint before it", objects, log, log, 3, true));
    }

    static Stream<Scenario> storageModes() {
        return scenarios().limit(2);
    }

    static final Instant BEFORE = Instant.parse("2026-11-21T10:10:00Z");
    static final Instant FROM = Instant.parse("2026-11-21T10:30:00Z");
    static final Instant BAD = Instant.parse("2026-11-21T10:40:00Z");
    static final Instant BAD_AGAIN = Instant.parse("2026-11-21T10:50:00Z");
    static final Instant TO = Instant.parse("2026-11-21T11:00:00Z");
    static final Instant AFTER = Instant.parse("2026-11-21T11:30:00Z");
    /** The checkpoint of the scenarios whose window is days later: after the fixture's history, a day before the window. */
    static final Instant CHECKPOINT = Instant.parse("2026-11-23T00:00:00Z");
    private static final Pattern SEGMENTS_READ = Pattern.compile("Read \\d+ change logs, (\\d+) log segments");
    private static int runs;

    /** Canonical key → item: the live table as the writes left it. */
    final Map<String, Map<String, AttributeValue>> live = new TreeMap<>();

    /** Canonical key → the changes the model made to it in the window (a delivery twice is one). */
    final Map<String, Integer> changesInWindow = new TreeMap<>();
    /** The keys the batch being built changes. */
    private final List<String> batchKeys = new ArrayList<>();
    /** How far after the fixture's history the window lies. */
    Duration later = Duration.ZERO;

    BackupFixture backup;

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aRevertPutsBackExactlyTheWindowsItemsAndLeavesLaterChangesAlone(Scenario scenario) throws Exception {
        runs++;
        backup = BackupFixture.create(LocalServers.dynamoDb(), LocalServers.s3(), "Deployed" + runs,
                "revert-model-" + runs, 30, scenario.atT1(), scenario.atT2());
        later = scenario.later();
        if (scenario.checkpoint()) {
            BackupReader reader = BackupReader.builder(backup.s3, backup.bucket, backup.table).prefix(BackupFixture.PREFIX)
                    .build();
            CheckpointReport built = new CheckpointJob(reader, Clock.systemUTC()).run(backup.table, CHECKPOINT, null, 2,
                    Progress.none());
            assertThat(built.outcome).as(built.message + " " + built.problems).isEqualTo(CheckpointReport.Outcome.WRITTEN);
        }
        live.putAll(backup.atT2);
        List<String> keys = new ArrayList<>(live.keySet());

        batch(BEFORE, false, r -> { // good writes before the window
            r.add(modify(keys.get(0), "good-before"));
            r.add(modify(keys.get(1), "good-before"));
        });
        Map<String, Map<String, AttributeValue>> atFrom = new TreeMap<>(live);
        Set<String> inWindow = new HashSet<>();
        if (scenario.deploy() != scenario.atT2()) {
            backup.switchTo(scenario.deploy());
        }
        batch(BAD, true, r -> { // the bad deploy, its batch delivered twice
            for (int i = 1; i <= 6; i++) {
                r.add(modify(keys.get(i), "corrupt"));
                inWindow.add(keys.get(i));
            }
            r.add(remove(keys.get(7)));
            r.add(remove(keys.get(8)));
            r.add(insert("bad-created", "corrupt"));
            r.add(insert("bad-transient", "corrupt"));
            r.add(modify(keys.get(9), "corrupt"));
            inWindow.addAll(List.of(keys.get(9)));
            inWindow.addAll(List.of(keys.get(7), keys.get(8), key("bad-created"), key("bad-transient")));
        });
        batch(BAD_AGAIN, false, r -> {
            r.add(modify(keys.get(2), "corrupt-again"));
            r.add(remove(key("bad-transient")));
            r.add(modify(keys.get(9), atFrom.get(keys.get(9)).get("value").s())); // back as it was at T1
        });
        // A partly failed batch: Lambda delivers it again from its lowest failed record.
        redeliverLast(1);
        Map<String, Map<String, AttributeValue>> atTo = new TreeMap<>(live);
        // keys.get(9) is back at its T1 state by T2: its later change is nobody's conflict.
        Set<String> changedAfter = Set.of(keys.get(3), keys.get(4), keys.get(9));
        batch(AFTER, false, r -> { // good writes after the window: one on an item the window left alone
            r.add(modify(keys.get(3), "good-after"));
            r.add(remove(keys.get(4)));
            r.add(modify(keys.get(20), "good-after"));
            r.add(modify(keys.get(9), "good-after"));
        });
        Map<String, Map<String, AttributeValue>> expected = new TreeMap<>(live);
        for (String k : inWindow) {
            if (!changedAfter.contains(k)) {
                if (atFrom.containsKey(k)) {
                    expected.put(k, atFrom.get(k));
                } else {
                    expected.remove(k);
                }
            }
        }

        Cli.Run changes = cli("changes", "--json");
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
        assertThat(shown.get("changes")).isEqualTo(expectedChanges(inWindow, atFrom, atTo, changedAfter));
        // Only the window's items were listed, never the table; from a checkpoint nothing is.
        long windowVersions = 0;
        for (String k : inWindow) {
            windowVersions += versions(BackupFixture.objectKey(backup.table, DynamoJson.parseSdkItem(k)));
        }
        assertThat(shown.get("versionsListed").asLong()).isEqualTo(scenario.checkpoint() ? 0 : windowVersions);
        assertReadAsTheScenarioSays(scenario, shown.get("readFrom").asText());

        Cli.Run one = cli("changes", "--key", keys.get(2), "--json");
        assertThat(one.exit).as(one.toString()).isZero();
        assertThat(one.json().get("changes")).hasSize(1);
        assertThat(one.json().get("changes").get(0).get("changesInWindow").asInt()).isEqualTo(2);

        Cli.Run dryRun = cli("revert", "--in-place", "--dry-run");
        assertThat(dryRun.exit).as(dryRun.toString()).isEqualTo(1); // the conflicts would be left out
        assertThat(table()).isEqualTo(renderAll(live));

        Cli.Run refused = cli("revert");
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);

        Cli.Run revert = cli("revert", "--in-place", "--json");
        assertThat(revert.exit).as(revert.toString()).isEqualTo(1);
        Set<String> leftOut = new HashSet<>();
        revert.json().get("leftOut").forEach(l -> {
            assertThat(l.get("reason").asText()).isEqualTo("changed-after");
            leftOut.add(l.get("key").asText());
        });
        assertThat(leftOut).containsExactlyInAnyOrder(keys.get(3), keys.get(4));
        assertThat(table()).isEqualTo(renderAll(expected));

        // Once more: every item is at its T1 state or a conflict; nothing is written again.
        Cli.Run again = cli("revert", "--in-place", "--json");
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
        backup = BackupFixture.create(LocalServers.dynamoDb(), LocalServers.s3(), table, "revert-race-" + runs, 6,
                scenario.atT1(), scenario.atT2());
        live.putAll(backup.atT2);
        List<String> keys = new ArrayList<>(live.keySet());
        batch(BAD, false, r -> {
            r.add(modify(keys.get(0), "corrupt"));
            r.add(modify(keys.get(1), "corrupt"));
            r.add(modify(keys.get(2), "corrupt"));
        });
        Map<String, AttributeValue> racer = new LinkedHashMap<>(live.get(keys.get(1)));
        racer.put("value", s("written-while-reverting"));
        // keys.get(2): changed before the revert reads it (not in the backup yet).
        Map<String, AttributeValue> early = new LinkedHashMap<>(live.get(keys.get(2)));
        early.put("value", s("written-before-the-revert-read"));
        backup.dynamoDb.putItem(b -> b.tableName(table).item(early));

        DynamoDbClient racing = racingClient(backup.dynamoDb, keys.get(1), racer);
        BackupReader reader = BackupReader.builder(backup.s3, backup.bucket, table).prefix(BackupFixture.PREFIX).build();
        KeySchema key = KeySchema.of(backup.dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema(),
                backup.dynamoDb.describeTable(b -> b.tableName(table)).table().attributeDefinitions());
        WindowChanges window;
        try (BackupView view = ChangeWindow.open(reader, BackupScope.all(), FROM, TO)) {
            window = WindowChanges.read(view, FROM, TO, key, Progress.none(), 4);
        }
        RevertReport report = new RevertJob(racing).run(window, new RevertRequest(table, key, false, false, 0, 1));

        assertThat(report.puts()).isEqualTo(1);
        assertThat(report.leftOut()).extracting(l -> l.item().key().canonicalJson())
                .containsExactlyInAnyOrder(keys.get(1), keys.get(2));
        assertThat(report.leftOut()).allMatch(l -> l.reason() == RevertReport.Reason.RACE);
        assertThat(report.exitCode()).isEqualTo(1);
        Map<String, String> now = table(table);
        assertThat(now.get(keys.get(0))).isEqualTo(render(backup.atT2.get(keys.get(0))));
        assertThat(now.get(keys.get(1))).isEqualTo(render(racer));
        assertThat(now.get(keys.get(2))).isEqualTo(render(early));
    }

    /** An image the revert would write is gone from the bucket: it stops before its first write. */
    @Test
    void aProblemInTheBackupStopsTheRevertBeforeAnyWrite() throws Exception {
        backup = BackupFixture.create(LocalServers.dynamoDb(), LocalServers.s3(), "RevertBroken", "revert-broken", 6);
        live.putAll(backup.atT2);
        List<String> keys = new ArrayList<>(live.keySet());
        batch(BAD, false, r -> {
            r.add(modify(keys.get(0), "corrupt"));
            r.add(modify(keys.get(1), "corrupt"));
        });
        // The version holding keys.get(0)'s image at T1 (its newest before the window) is deleted.
        String objectKey = BackupFixture.objectKey("RevertBroken", DynamoJson.parseSdkItem(keys.get(0)));
        var versions = backup.s3.listObjectVersionsPaginator(b -> b.bucket("revert-broken").prefix(objectKey)).versions()
                .stream().filter(v -> v.key().equals(objectKey)).sorted(java.util.Comparator.comparing(
                        software.amazon.awssdk.services.s3.model.ObjectVersion::lastModified).reversed()).toList();
        // Newest first: the bad deploy's version, then the one before it.
        String before = versions.get(1).versionId();
        backup.s3.deleteObject(b -> b.bucket("revert-broken").key(objectKey).versionId(before));

        Cli.Run changes = cli("changes");
        assertThat(changes.exit).as(changes.toString()).isEqualTo(1);
        assertThat(changes.out).contains("missing-version").contains(objectKey);
        Cli.Run revert = cli("revert", "--in-place", "--json");
        assertThat(revert.exit).as(revert.toString()).isEqualTo(1);
        assertThat(revert.json().get("outcome").asText()).isEqualTo("stopped");
        assertThat(table()).isEqualTo(renderAll(live));
    }

    /**
     * The states at T1 came from where the scenario says, and the cost followed: every segment
     * without a checkpoint (the history is older than the window's lines), fewer from one.
     */
    private void assertReadAsTheScenarioSays(Scenario scenario, String readFrom) {
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
    private JsonNode expectedChanges(Set<String> inWindow, Map<String, Map<String, AttributeValue>> atFrom,
            Map<String, Map<String, AttributeValue>> atTo, Set<String> changedAfter) {
        ArrayNode out = new ObjectMapper().createArrayNode();
        for (String k : new java.util.TreeSet<>(inWindow)) {
            Map<String, AttributeValue> before = atFrom.get(k);
            Map<String, AttributeValue> after = atTo.get(k);
            String kind = before == null && after == null ? "unchanged" : before == null ? "added" : after == null
                    ? "deleted" : render(before).equals(render(after)) ? "unchanged" : "modified";
            ObjectNode n = out.addObject();
            n.put("key", k).put("tenant", (String) null).put("kind", kind)
                    .put("atFrom", before == null ? "absent" : "present").put("atTo", after == null ? "absent" : "present")
                    .put("changesInWindow", changesInWindow.get(k)).put("changedAfter", changedAfter.contains(k));
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

    private List<DynamodbStreamRecord> lastBatch = List.of();

    private void batch(Instant time, boolean twice, java.util.function.Consumer<List<DynamodbStreamRecord>> writes) {
        Instant at = time.plus(later);
        backup.events().at(at);
        List<DynamodbStreamRecord> records = new ArrayList<>();
        batchKeys.clear();
        writes.accept(records);
        if (at.isAfter(FROM.plus(later)) && !at.isAfter(TO.plus(later))) {
            batchKeys.forEach(k -> changesInWindow.merge(k, 1, Integer::sum));
        }
        backup.stream(records);
        if (twice) {
            backup.stream(records); // the same records delivered again: new versions (or a segment), same events
        }
        lastBatch = records;
    }

    /** The last batch delivered again from its record {@code from} on, as after a partial batch failure. */
    private void redeliverLast(int from) {
        backup.stream(lastBatch.subList(from, lastBatch.size()));
    }

    private DynamodbStreamRecord modify(String key, String value) {
        Map<String, AttributeValue> old = live.get(key);
        Map<String, AttributeValue> changed = new LinkedHashMap<>(old);
        changed.put("value", s(value));
        backup.dynamoDb.putItem(b -> b.tableName(backup.table).item(changed));
        live.put(key, changed);
        batchKeys.add(key);
        return backup.events().modify(BackupFixture.eventKeys(changed), BackupFixture.eventImage(old),
                BackupFixture.eventImage(changed));
    }

    private DynamodbStreamRecord remove(String key) {
        Map<String, AttributeValue> old = live.remove(key);
        batchKeys.add(key);
        backup.dynamoDb.deleteItem(b -> b.tableName(backup.table).key(BackupFixture.keyOf(old)));
        return backup.events().remove(BackupFixture.eventKeys(old), BackupFixture.eventImage(old));
    }

    private DynamodbStreamRecord insert(String id, String value) {
        Map<String, AttributeValue> item = BackupFixture.item(id, 1, value);
        backup.dynamoDb.putItem(b -> b.tableName(backup.table).item(item));
        live.put(BackupFixture.key(item), item);
        batchKeys.add(BackupFixture.key(item));
        return backup.events().insert(BackupFixture.eventKeys(item), BackupFixture.eventImage(item));
    }

    private static String key(String id) {
        return BackupFixture.key(BackupFixture.item(id, 1, ""));
    }

    private long versions(String objectKey) {
        var page = backup.s3.listObjectVersionsPaginator(b -> b.bucket(backup.bucket).prefix(objectKey));
        return page.versions().stream().filter(v -> v.key().equals(objectKey)).count()
                + page.deleteMarkers().stream().filter(m -> m.key().equals(objectKey)).count();
    }

    private Cli.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bucket", backup.bucket, "--prefix", BackupFixture.PREFIX, "--table", backup.table,
                "--from", FROM.plus(later).toString(), "--to", TO.plus(later).toString(), "--no-progress"));
        return Cli.local(all.toArray(new String[0]));
    }

    private Map<String, String> table() {
        return table(backup.table);
    }

    private Map<String, String> table(String name) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(backup.dynamoDb, name)) {
            out.put(BackupFixture.key(item), render(item));
        }
        return out;
    }

    private static Map<String, String> renderAll(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, render(v)));
        return out;
    }

    /** Compared as verify compares: sets as sets, numbers as numbers. */
    private static String render(Map<String, AttributeValue> item) {
        return ItemDigest.of(item);
    }
}
