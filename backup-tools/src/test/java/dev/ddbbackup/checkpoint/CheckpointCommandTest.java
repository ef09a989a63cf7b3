package dev.ddbbackup.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.WithLocalServers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code checkpoint} end to end through the command line, and restore, snapshot and verify
 * starting from it: the same results as from the whole history, the report saying which was read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointCommandTest extends WithLocalServers {

    static final Instant AT_T1 = BackupFixture.T1.plusSeconds(30);
    static final Instant AT_T2 = BackupFixture.T2.plusSeconds(30);

    static BackupFixture backup;
    static int tables;

    @BeforeAll
    static void backupWithHistory() throws Exception {
        backup = BackupFixture.create(dynamoDb, s3, "Checkpointed", "checkpoint-cli", 30);
    }

    static Cli.Run checkpoint(String... more) {
        List<String> args = new ArrayList<>(List.of("checkpoint", "--bucket", backup.bucket, "--prefix",
                BackupFixture.PREFIX, "--table", backup.table));
        args.addAll(List.of(more));
        return Cli.local(args.toArray(new String[0]));
    }

    static Cli.Run restore(Instant to, String... more) {
        String target = backup.table + "-r" + (++tables);
        List<String> args = new ArrayList<>(List.of("restore", "--bucket", backup.bucket, "--prefix", BackupFixture.PREFIX,
                "--table", backup.table, "--to", to.toString(), "--target-table", target, "--create-table", "--json"));
        args.addAll(List.of(more));
        Cli.Run run = Cli.local(args.toArray(new String[0]));
        lastTarget = target;
        return run;
    }

    static String lastTarget;

    /** The JSON report of a run that must have succeeded (exit 0). */
    static JsonNode succeeded(Cli.Run run) {
        assertThat(run.exit).as(run.toString()).isZero();
        return run.json();
    }

    @Test
    @Order(1)
    void helpAndUsage() {
        Cli.Run help = Cli.local("checkpoint", "--help");
        assertThat(help.exit).as(help.toString()).isZero();
        assertThat(help.out).contains("_checkpoints/").contains("manifest.json").contains("Exit codes");
        Cli.Run bad = checkpoint("--partitions", "7");
        assertThat(bad.exit).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err).contains("--partitions must be 16, 256 or 4096");
        Cli.Run future = checkpoint("--at", Instant.now().plusSeconds(3600).toString());
        assertThat(future.exit).as(future.toString()).isEqualTo(2);
        // Refused while the command line is read (a usage error on stderr), before the checkpoint job starts.
        assertThat(future.err).contains("in the future");
    }

    @Test
    @Order(2)
    void beforeAnyCheckpointRestoresReadTheWholeHistoryAndSaySo() throws Exception {
        JsonNode run = succeeded(restore(AT_T1));
        assertThat(run.get("fullScan").asBoolean()).isTrue();
        assertThat(run.get("checkpoint").isNull()).isTrue();
        assertThat(run.get("readFrom").asText()).startsWith("full history");
        assertThat(scan(lastTarget)).isEqualTo(canonical(backup.atT1));
    }

    @Test
    @Order(3)
    void theFirstCheckpointHoldsEveryObjectsStateAtItsTime() throws Exception {
        JsonNode json = succeeded(checkpoint("--at", AT_T1.toString(), "--json"));
        assertThat(json.get("outcome").asText()).isEqualTo("WRITTEN");
        assertThat(json.get("previous").isNull()).isTrue();
        JsonNode manifest = json.get("manifest");
        assertThat(manifest.get("counts").get("present").asLong()).isEqualTo(backup.atT1.size());
        // Items removed by T1 are recorded as absent (a restore deletes them from its target).
        long removed = backup.atT0.keySet().stream().filter(k -> !backup.atT1.containsKey(k)).count();
        assertThat(manifest.get("counts").get("absent").asLong()).isEqualTo(removed);
        assertThat(manifest.get("partitionDigits").asInt()).isEqualTo(2);
        String folder = BackupLayout.withPrefix(BackupFixture.PREFIX).checkpointFolder(backup.table, AT_T1);
        assertThat(s3.listObjectsV2(b -> b.bucket(backup.bucket).prefix(folder)).contents())
                .anySatisfy(o -> assertThat(o.key()).isEqualTo(folder + "manifest.json"))
                .allSatisfy(o -> assertThat(o.key()).matches(".*/(manifest\\.json|part-[0-9a-f]{2}\\.jsonl\\.gz)"));
        // Written once: the same time again is refused.
        Cli.Run again = checkpoint("--at", AT_T1.toString());
        assertThat(again.exit).as(again.toString()).isEqualTo(2);
        assertThat(again.out).contains("exists already");
    }

    @Test
    @Order(4)
    void restoresAfterItStartFromItAndEqualTheFullHistory() throws Exception {
        JsonNode from = succeeded(restore(AT_T2));
        assertThat(from.get("checkpoint").asText()).isEqualTo(AT_T1.toString());
        assertThat(from.get("fullScan").asBoolean()).isFalse();
        assertThat(from.get("s3").get("versionsListed").asLong()).isZero();
        assertThat(scan(lastTarget)).isEqualTo(canonical(backup.atT2));

        JsonNode full = succeeded(restore(AT_T2, "--no-checkpoint"));
        assertThat(full.get("fullScan").asBoolean()).isTrue();
        assertThat(full.get("s3").get("versionsListed").asLong()).isPositive();
        assertThat(scan(lastTarget)).isEqualTo(canonical(backup.atT2));

        // Human report: one line says where the items came from.
        Cli.Run human = Cli.local("restore", "--bucket", backup.bucket, "--prefix", BackupFixture.PREFIX, "--table",
                backup.table, "--to", AT_T2.toString(), "--target-table", lastTarget, "--dry-run");
        assertThat(human.out).contains("read from: checkpoint " + AT_T1);
    }

    @Test
    @Order(5)
    void aCheckpointBuiltOnTheLastEqualsOneBuiltFromTheWholeHistory() throws Exception {
        JsonNode incremental = succeeded(checkpoint("--at", AT_T2.toString(), "--json"));
        assertThat(incremental.get("previous").asText()).isEqualTo(AT_T1.toString());
        assertThat(incremental.get("readerStats").get("versionsListed").asLong()).isZero();
        Instant other = AT_T2.plusSeconds(1);
        JsonNode full = succeeded(checkpoint("--at", other.toString(), "--no-checkpoint", "--json"));
        assertThat(full.get("previous").isNull()).isTrue();

        Checkpoints store = BackupRead.of(new BackupLocation(backup.bucket, BackupFixture.PREFIX, backup.table))
                .reader(s3)
                .checkpoints();
        assertThat(entries(store, AT_T2)).isEqualTo(entries(store, other)).hasSize(
                (int) (incremental.get("manifest").get("counts").get("objects").asLong()));
    }

    @Test
    @Order(6)
    void anAlteredCheckpointFileStopsTheRestoreNamingIt() throws Exception {
        BackupFixture tampered = BackupFixture.create(dynamoDb, s3, "Tampered", "checkpoint-tampered", 12);
        Cli.Run built = Cli.local("checkpoint", "--bucket", tampered.bucket, "--prefix", BackupFixture.PREFIX, "--table",
                tampered.table, "--at", AT_T1.toString(), "--partitions", "16");
        assertThat(built.exit).as(built.toString()).isZero();
        Checkpoints store = BackupRead.of(new BackupLocation(tampered.bucket, BackupFixture.PREFIX, tampered.table))
                .reader(s3)
                .checkpoints();
        CheckpointManifest.PartFile file = store.manifest(AT_T1).files().get(0);
        s3.putObject(b -> b.bucket(tampered.bucket).key(file.key()), RequestBody.fromString("not what the manifest says"));
        Cli.Run run = Cli.local("restore", "--bucket", tampered.bucket, "--prefix", BackupFixture.PREFIX, "--table",
                tampered.table, "--to", AT_T2.toString(), "--target-table", "Tampered-r", "--create-table");
        assertThat(run.exit).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains(file.key()).contains("SHA-256");
    }

    private static Map<String, String> entries(Checkpoints store, Instant t) {
        Map<String, String> out = new TreeMap<>();
        for (CheckpointManifest.PartFile f : store.manifest(t).files()) {
            // The identity and outcome of each object's last change; which delivery's version is named may differ.
            store.read(f, e -> out.put(e.objectKey(), e.action() + " " + e.eventId() + " " + e.time() + " "
                    + e.sequenceNumber() + " " + e.keys()));
        }
        return out;
    }

    static Map<String, String> scan(String table) {
        Map<String, String> out = new TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> out.put(BackupFixture.key(item), DynamoJson.sdkItemToJson(item)));
        return out;
    }

    static Map<String, String> canonical(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, DynamoJson.sdkItemToJson(v)));
        return out;
    }
}
