package dev.ddbbackup.verify;

import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.WithLocalServers;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class VerifyTest extends WithLocalServers {

    /** The table against its backup's latest state: 3 Scan segments, 16 S3 requests at once. */
    static VerifyJobSpec job(String table, String bucket) {
        return VerifyJobSpec.latest(BackupRead.of(new BackupLocation(bucket, BackupFixture.PREFIX, table))
                .withConcurrency(16), 3);
    }

    @Test
    void passesOnACleanBackupAndFindsPlantedDifferences() throws Exception {
        BackupFixture f = BackupFixture.create(dynamoDb, s3, "Verified", "verify-clean", 40);
        Verifier verifier = new Verifier(dynamoDb, s3, 4);

        VerifyReport clean = verifier.compare(job("Verified", "verify-clean"), "Verified", Progress.none());
        assertThat(clean.ok()).as(clean.summary()).isTrue();
        assertThat(clean.counts().tableItems()).isEqualTo(f.atT2.size());
        assertThat(clean.counts().backupItems()).isEqualTo(f.atT2.size());

        List<Map<String, AttributeValue>> items = List.copyOf(f.atT2.values());
        // 1. Changed in the table without a stream event.
        Map<String, AttributeValue> changed = new HashMap<>(items.get(0));
        changed.put("value", s("changed behind the stream's back"));
        dynamoDb.putItem(b -> b.tableName("Verified").item(changed));
        // 2. An item's object deleted from the backup.
        Map<String, AttributeValue> lost = items.get(1);
        s3.deleteObject(b -> b.bucket("verify-clean").key(BackupFixture.objectKey("Verified", lost)));
        // 3. An object for an item the table does not have.
        Map<String, AttributeValue> ghost = BackupFixture.item("ghost", 1, "never in the table");
        s3.putObject(b -> b.bucket("verify-clean").key(BackupFixture.objectKey("Verified", ghost)),
                RequestBody.fromString(dev.ddbbackup.json.DynamoJson.sdkItemToJson(ghost)));

        VerifyReport dirty = verifier.compare(job("Verified", "verify-clean"), "Verified", Progress.none());

        assertThat(dirty.ok()).isFalse();
        assertThat(dirty.counts().differing()).isEqualTo(1);
        assertThat(dirty.counts().examples().get("differing")).containsExactly(BackupFixture.key(changed));
        assertThat(dirty.counts().missing()).isEqualTo(1);
        assertThat(dirty.counts().examples().get("missing")).containsExactly(BackupFixture.key(lost));
        assertThat(dirty.counts().extra()).isEqualTo(1);
        assertThat(dirty.counts().examples().get("extra")).containsExactly(BackupFixture.key(ghost));
        assertThat(dirty.summary()).contains("DIFFERENCES");
    }

    @Test
    void restoreDrillPassesAndDeletesItsScratchTable() throws Exception {
        BackupFixture f = BackupFixture.create(dynamoDb, s3, "Drilled", "verify-drill", 30);
        Instant between = BackupFixture.T1.plusSeconds(60);

        DrillReport report = new RestoreDrill(dynamoDb, s3, 4)
                .run(job("Drilled", "verify-drill"), between, "Drilled-scratch", Progress.none(), false);

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.restoredItems()).isEqualTo(f.atT1.size());
        assertThat(report.comparison().counts().tableItems()).isEqualTo(f.atT1.size());
        assertThat(report.scratchDeleted()).isTrue();
        assertThat(dynamoDb.listTables().tableNames()).doesNotContain("Drilled-scratch");
    }

    @Test
    void aFailedDrillStillDeletesItsScratchTable() throws Exception {
        BackupFixture.create(dynamoDb, s3, "Broken", "verify-broken", 5);
        // An image that is not DynamoDB JSON: the restore fails part-way.
        s3.putObject(b -> b.bucket("verify-broken").key(BackupFixture.objectKey("Broken",
                BackupFixture.item("item-0", 0, ""))), RequestBody.fromString("not json"));

        DrillReport report = new RestoreDrill(dynamoDb, s3, 4)
                .run(job("Broken", "verify-broken"), Instant.parse("2030-01-01T00:00:00Z"), "Broken-scratch", Progress.none(), false);

        assertThat(report.ok()).isFalse();
        assertThat(report.failure()).isNotNull();
        assertThat(report.scratchDeleted()).isTrue();
        assertThat(dynamoDb.listTables().tableNames()).doesNotContain("Broken-scratch");
    }
}
