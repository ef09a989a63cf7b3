package dev.ddbbackup.revert;

import static dev.ddbbackup.revert.BadDeploy.BAD;
import static dev.ddbbackup.revert.BadDeploy.FROM;
import static dev.ddbbackup.revert.BadDeploy.TO;
import static dev.ddbbackup.revert.BadDeploy.render;
import static dev.ddbbackup.revert.BadDeploy.renderAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.ChangeWindow;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.cli.ExitCodes;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RevertJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalServers;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A bad deploy, undone ({@link BadDeploy}). {@code changes} must list exactly the window's items;
 * {@code revert --in-place} must make the live table equal the model, item by item, and list the
 * items changed after T2 as conflicts, untouched.
 */
class RevertModelTest {

    @Test
    void aRevertPutsBackExactlyTheWindowsItemsAndLeavesLaterChangesAlone() throws Exception {
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), LocalServers.s3(), "Deployed", "revert-model", 30)
                .deploy();
        BackupFixture backup = model.backup;
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
        // Only the window's items were listed, never the table.
        long windowVersions = 0;
        for (String k : inWindow) {
            windowVersions += versions(backup, BackupFixture.objectKey(backup.table, DynamoJson.parseSdkItem(k)));
        }
        assertThat(shown.get("versionsListed").asLong()).isEqualTo(windowVersions);

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
     * write: the condition fails, the item is left alone and reported.
     */
    @Test
    void aWriterRacingTheRevertIsNeverOverwritten() throws Exception {
        BadDeploy model = BadDeploy.create(LocalServers.dynamoDb(), LocalServers.s3(), "Raced", "revert-race", 6);
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
        backup.dynamoDb.putItem(b -> b.tableName("Raced").item(early));

        DynamoDbClient racing = racingClient(backup.dynamoDb, keys.get(1), racer);
        BackupReader reader = BackupReader.builder(backup.s3, "revert-race", "Raced").prefix(BackupFixture.PREFIX).build();
        KeySchema key = KeySchema.of(backup.dynamoDb.describeTable(b -> b.tableName("Raced")).table().keySchema(),
                backup.dynamoDb.describeTable(b -> b.tableName("Raced")).table().attributeDefinitions());
        WindowChanges window;
        try (BackupView view = ChangeWindow.open(reader, BackupScope.all(), FROM, TO)) {
            window = WindowChanges.read(view, FROM, TO, key, Progress.none(), 4);
        }
        RevertJobSpec job = new RevertJobSpec(BackupRead.of(new BackupLocation("revert-race", BackupFixture.PREFIX,
                "Raced")), FROM, TO, null, null, "Raced", false, false, 0, 1);
        RevertReport report = new RevertJob(backup.s3, racing).write(window, job, key, Segment.all());

        assertThat(report.puts()).isEqualTo(1);
        assertThat(report.leftOut()).extracting(l -> l.item().key().canonicalJson())
                .containsExactlyInAnyOrder(keys.get(1), keys.get(2));
        assertThat(report.leftOut()).allMatch(l -> l.reason() == RevertReport.Reason.RACE);
        assertThat(ExitCodes.of(report)).isEqualTo(1);
        Map<String, String> now = model.table("Raced");
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
