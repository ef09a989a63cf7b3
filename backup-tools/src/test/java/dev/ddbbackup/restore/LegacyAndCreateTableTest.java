package dev.ddbbackup.restore;

import static dev.ddbbackup.restore.RestoreFixtures.contents;
import static dev.ddbbackup.restore.RestoreFixtures.expected;
import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import dev.ddbbackup.testing.TableModel;
import dev.ddbbackup.testing.WithLocalServers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * A bucket laid out by the original Node.js tool (plain bodies, no metadata, no change log; times
 * are S3's LastModified), and {@code --create-table} from {@code _table.json}.
 */
class LegacyAndCreateTableTest extends WithLocalServers {

    @BeforeAll
    static void credentials() {
        LocalServers.credentialsForCommandLines();
    }

    /**
     * Rounds of writes with a checkpoint time between rounds, laid out so that the check holds on
     * S3 itself and not only on S3Mock (see docs/TESTING.md):
     * <ul>
     *   <li>S3 (and moto) keep LastModified to the second, S3Mock to the millisecond. Checkpoints
     *       are whole seconds with the previous round before and the next round more than a
     *       second after them.</li>
     *   <li>Within one second LastModified cannot order a PUT and a DELETE of a key, and the SDK
     *       returns versions and delete markers in two lists; the restore takes the delete as the
     *       later one. So a key is written at most once per round, and deleted (if at all) right
     *       after that write.</li>
     *   <li>S3Mock gives a delete marker the LastModified of the version it hides (S3 gives it its
     *       own), so an item is only deleted in the round it was last written in: at every
     *       checkpoint both behaviours agree.</li>
     * </ul>
     */
    @Test
    void lastModifiedFallbackRestoresEveryCheckpoint() throws Exception {
        LocalS3.createVersionedBucket(s3, "legacy");
        TableModel<Map<String, AttributeValue>> model = new TableModel<>();
        List<Instant> checkpoints = new ArrayList<>();
        Random r = new Random(3);
        checkpoints.add(afterThisSecond());
        for (int round = 0; round < 4; round++) {
            List<Integer> keysOfRound = new ArrayList<>();
            for (int k = 0; k < 15; k++) {
                keysOfRound.add(k);
            }
            Collections.shuffle(keysOfRound, r);
            for (int w = 0; w < 12; w++) {
                int k = keysOfRound.get(w);
                Map<String, AttributeValue> keys = item("id", s("legacy-" + k), "range", n(Integer.toString(k)));
                String key = DynamoJson.eventKey(keys).canonicalJson();
                String objectKey = "Legacy/" + DynamoJson.eventKey(keys).md5Hex();
                Map<String, AttributeValue> image = new LinkedHashMap<>(keys);
                image.put("round", n(Integer.toString(round)));
                image.put("w", n(Integer.toString(w)));
                s3.putObject(b -> b.bucket("legacy").key(objectKey), RequestBody.fromBytes(DynamoJson.eventItemToBytes(image)));
                model.apply(Instant.now(), key, image);
                if (r.nextInt(4) == 0) {
                    s3.deleteObject(b -> b.bucket("legacy").key(objectKey));
                    model.apply(Instant.now(), key, null);
                }
            }
            checkpoints.add(afterThisSecond());
        }
        BackupReader auto = BackupRead.of(new BackupLocation("legacy", null, "Legacy")).reader(s3);
        try (BackupView view = auto.open(BackupScope.all())) {
            assertThat(view.timeSource()).isEqualTo(TimeSource.LAST_MODIFIED);
        }
        int i = 0;
        for (Instant checkpoint : checkpoints) {
            String target = "LegacyRestored" + i++;
            RestoreFixtures.createTable(dynamoDb, target);
            // A later state first, so that deletes (keys from the images + DescribeTable) are exercised.
            RestoreFixtures.fill(dynamoDb, target, model.stateAt(Instant.now()));
            BackupRead backup = BackupRead.of(new BackupLocation("legacy", "", "Legacy"))
                    .withTimeSource(i % 2 == 0 ? TimeSource.LAST_MODIFIED : TimeSource.AUTO);
            RestoreReport report = new RestoreJob(s3, dynamoDb).run(new RestoreJobSpec(backup, checkpoint, null, null, target,
                    false, false, false, true, false, false, 0), Segment.all(), PartitionGate.always());
            assertThat(report.timeSource()).isEqualTo("last-modified");
            assertThat(contents(dynamoDb, target)).as("checkpoint %s", checkpoint).isEqualTo(expected(model.stateAt(checkpoint)));
        }
    }

    /**
     * The next whole second, once it is over by a little: every write before the call has a
     * LastModified (to the second) before it, every write after the call one after it.
     */
    private static Instant afterThisSecond() throws InterruptedException {
        Instant checkpoint = Instant.now().plusMillis(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), checkpoint.plusMillis(1_020)).toMillis()));
        return checkpoint;
    }

    @Test
    void createTableFromTheStoredDescriptionWithIndexesAndTtl() throws Exception {
        LocalS3.createVersionedBucket(s3, "described");
        // The description the function would have stored, taken from a real table.
        dynamoDb.createTable(b -> b.tableName("Described").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("range").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("range").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byStatus")
                        .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        byte[] description = TableDescriptionJson.write(dynamoDb.describeTable(b -> b.tableName("Described")).table(),
                TimeToLiveDescription.builder().attributeName("expires").timeToLiveStatus(TimeToLiveStatus.ENABLED).build());
        s3.putObject(b -> b.bucket("described").key(BackupLayout.withPrefix("").tableDescriptionKey("Described")),
                RequestBody.fromBytes(description));
        Map<String, AttributeValue> image = item("id", s("x"), "range", n("1"), "status", s("open"));
        s3.putObject(b -> b.bucket("described").key("Described/" + DynamoJson.eventKey(item("id", s("x"), "range", n("1"))).md5Hex()),
                RequestBody.fromBytes(DynamoJson.eventItemToBytes(image)));

        String[] common = {"restore", "--bucket", "described", "--table", "Described", "--to", "now",
                "--s3-endpoint", LocalServers.s3Endpoint().toString(),
                "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(),
                "--region", "us-east-1", "--no-progress"};
        RestoreFixtures.Result dry = RestoreFixtures.cli(RestoreModelTest.concat(common,
                new String[] {"--target-table", "DescribedCopy", "--create-table", "--dry-run"}));
        assertThat(dry.code).as(dry.toString()).isZero();
        assertThat(TableCreator.exists(dynamoDb, "DescribedCopy")).as("a dry run creates nothing").isFalse();

        RestoreFixtures.Result created = RestoreFixtures.cli(RestoreModelTest.concat(common,
                new String[] {"--target-table", "DescribedCopy", "--create-table"}));
        assertThat(created.code).as(created.toString()).isZero();
        var table = dynamoDb.describeTable(b -> b.tableName("DescribedCopy")).table();
        assertThat(table.tableStatusAsString()).isEqualTo("ACTIVE");
        assertThat(table.globalSecondaryIndexes()).extracting(g -> g.indexName()).containsExactly("byStatus");
        assertThat(dynamoDb.describeTimeToLive(b -> b.tableName("DescribedCopy")).timeToLiveDescription().attributeName())
                .isEqualTo("expires");
        assertThat(contents(dynamoDb, "DescribedCopy")).hasSize(1);

        RestoreFixtures.Result again = RestoreFixtures.cli(RestoreModelTest.concat(common,
                new String[] {"--target-table", "DescribedCopy", "--create-table"}));
        assertThat(again.code).as("the target exists").isEqualTo(2);

        LocalS3.createVersionedBucket(s3, "undescribed");
        String[] noDescription = common.clone();
        noDescription[2] = "undescribed";
        RestoreFixtures.Result missing = RestoreFixtures.cli(RestoreModelTest.concat(noDescription,
                new String[] {"--target-table", "Other", "--create-table"}));
        assertThat(missing.code).isEqualTo(2);
    }
}
