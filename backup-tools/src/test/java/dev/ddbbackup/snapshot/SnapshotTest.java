package dev.ddbbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.WithLocalServers;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SnapshotTest extends WithLocalServers {

    static BackupFixture backup;

    @BeforeAll
    static void backupWithHistory() throws Exception {
        backup = BackupFixture.create(dynamoDb, s3, "Snapped", "snapshot-source", 40);
        s3.createBucket(b -> b.bucket("snapshot-out"));
    }

    /** @param time null for now */
    static SnapshotReport snapshot(String out, Instant time, long maxFileBytes) throws Exception {
        BackupRead backup = BackupRead.of(new BackupLocation("snapshot-source", BackupFixture.PREFIX, "Snapped"))
                .withConcurrency(8);
        return new Snapshot(s3, Clock.systemUTC(), 3).run(new SnapshotJobSpec(backup, time == null ? Instant.now() : time,
                null, out, maxFileBytes, false, false), Progress.none());
    }

    @Test
    void toADirectoryInDynamoDbImportFormatThatLoadsBackToTheStateAtT(@TempDir Path dir) throws Exception {
        Instant t = BackupFixture.T1.plusSeconds(30);
        SnapshotReport report = snapshot(dir.toString(), t, 2048);

        Map<String, byte[]> files = new TreeMap<>();
        try (var list = Files.list(dir.resolve("data"))) {
            for (Path p : (Iterable<Path>) list::iterator) {
                files.put(p.toString(), Files.readAllBytes(p));
            }
        }
        assertThat(files).hasSizeGreaterThan(1).allSatisfy((name, bytes) -> assertThat(name).endsWith(".json.gz"));
        checkManifest(new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()), files, t, backup.atT1.size());
        assertThat(report.manifest().itemCount()).isEqualTo(backup.atT1.size());
        assertThat(loadIntoTable("SnapshotDir", files.values())).isEqualTo(canonical(backup.atT1));
    }

    @Test
    void aLoggedVersionDeletedFromTheBucketFailsTheSnapshotUnlessAllowedAndIsThenLeftOutAndListed(@TempDir Path dir)
            throws Exception {
        BackupFixture gone = BackupFixture.create(dynamoDb, s3, "Pruned", "snapshot-pruned", 12);
        // An item changed at T1 and not at T2: delete its T1 version, as a lifecycle rule would.
        String changed = gone.atT1.keySet().stream()
                .filter(k -> gone.atT0.containsKey(k) && !gone.atT0.get(k).equals(gone.atT1.get(k))
                        && gone.atT1.get(k).equals(gone.atT2.get(k)))
                .findFirst().orElseThrow();
        String objectKey = BackupFixture.objectKey("Pruned", gone.atT1.get(changed));
        String latest = s3.listObjectVersions(b -> b.bucket("snapshot-pruned").prefix(objectKey)).versions().stream()
                .filter(v -> v.isLatest()).findFirst().orElseThrow().versionId();
        s3.deleteObject(b -> b.bucket("snapshot-pruned").key(objectKey).versionId(latest));
        BackupRead source = BackupRead.of(new BackupLocation("snapshot-pruned", BackupFixture.PREFIX, "Pruned"))
                .withConcurrency(8);
        Instant t = BackupFixture.T1.plusSeconds(30);

        // Never the item's earlier state: that would be a snapshot of a table that never was.
        assertThatThrownBy(() -> new Snapshot(s3, Clock.systemUTC(), 2)
                .run(new SnapshotJobSpec(source, t, null, dir.resolve("strict").toString(), 1 << 20, false, false),
                        Progress.none()))
                .isInstanceOf(BackupDataException.class)
                .hasMessageContaining(objectKey + " version " + latest)
                .hasMessageContaining("--allow-missing-versions");
        assertThat(dir.resolve("strict").resolve("manifest.json")).doesNotExist();

        SnapshotReport report = new Snapshot(s3, Clock.systemUTC(), 2)
                .run(new SnapshotJobSpec(source, t, null, dir.toString(), 1 << 20, false, true), Progress.none());

        assertThat(report.loggedVersionsMissing()).isEqualTo(1);
        assertThat(report.ok()).isFalse();
        assertThat(report.summary()).contains("1 items or change-log lines left out").contains(objectKey);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.path("complete").asBoolean()).isFalse();
        assertThat(manifest.path("leftOut").get(0).path("versionId").asText()).isEqualTo(latest);
        Map<String, Map<String, AttributeValue>> expected = new TreeMap<>(gone.atT1);
        expected.remove(changed);
        Map<String, byte[]> files = new TreeMap<>();
        try (var list = Files.list(dir.resolve("data"))) {
            for (Path p : (Iterable<Path>) list::iterator) {
                files.put(p.toString(), Files.readAllBytes(p));
            }
        }
        assertThat(loadIntoTable("SnapshotPruned", files.values())).isEqualTo(canonical(expected));
    }

    @Test
    void toS3(@TempDir Path unused) throws Exception {
        SnapshotReport report = snapshot("s3://snapshot-out/exports/latest", null, 1 << 20);

        List<String> keys = dev.ddbbackup.testing.LocalS3.keysUnder(s3, "snapshot-out", "exports/latest/");
        assertThat(keys).contains("exports/latest/manifest.json");
        Map<String, byte[]> files = new TreeMap<>();
        for (String key : keys) {
            if (key.startsWith("exports/latest/data/")) {
                files.put("s3://snapshot-out/" + key, s3.getObjectAsBytes(b -> b.bucket("snapshot-out").key(key)).asByteArray());
            }
        }
        assertThat(files).hasSize(report.manifest().files().size());
        JsonNode manifest = new ObjectMapper().readTree(
                s3.getObjectAsBytes(b -> b.bucket("snapshot-out").key("exports/latest/manifest.json")).asByteArray());
        checkManifest(manifest, files, report.manifest().time(), backup.atT2.size());
        assertThat(report.dataLocation()).isEqualTo("s3://snapshot-out/exports/latest/data/");
        assertThat(loadIntoTable("SnapshotS3", files.values())).isEqualTo(canonical(backup.atT2));
    }

    @Test
    void beforeTheFirstChangeTheSnapshotIsEmpty(@TempDir Path dir) throws Exception {
        SnapshotReport report = snapshot(dir.toString(), BackupFixture.T0.minusSeconds(1), 4096);
        assertThat(report.manifest().itemCount()).isZero();
        assertThat(report.manifest().files()).isEmpty();
    }

    private static void checkManifest(JsonNode manifest, Map<String, byte[]> files, Instant time, int items)
            throws Exception {
        assertThat(manifest.get("format").asText()).isEqualTo("DYNAMODB_JSON");
        assertThat(manifest.get("compression").asText()).isEqualTo("GZIP");
        assertThat(manifest.get("itemCount").asLong()).isEqualTo(items);
        assertThat(manifest.get("time").asText()).isEqualTo(time.toString());
        assertThat(manifest.get("source").get("bucket").asText()).isEqualTo("snapshot-source");
        assertThat(manifest.get("source").get("prefix").asText()).isEqualTo(BackupFixture.PREFIX);
        assertThat(manifest.get("files")).hasSize(files.size());
        long total = 0;
        for (JsonNode f : manifest.get("files")) {
            byte[] bytes = files.get(f.get("location").asText());
            assertThat(bytes).as(f.get("location").asText()).isNotNull();
            assertThat(f.get("bytes").asLong()).isEqualTo(bytes.length);
            assertThat(f.get("sha256").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            total += f.get("items").asLong();
        }
        assertThat(total).isEqualTo(items);
    }

    /** Reads every line as DynamoDB's import would ({"Item":{...}}), writes the items into a new table, scans it. */
    private static Map<String, String> loadIntoTable(String table, Iterable<byte[]> files) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (byte[] file : files) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(new ByteArrayInputStream(file)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode node = mapper.readTree(line);
                    assertThat(node.size()).isEqualTo(1);
                    items.add(DynamoJson.parseSdkItem(mapper.writeValueAsBytes(node.get("Item"))));
                }
            }
        }
        LocalDynamo.createTable(dynamoDb, table);
        LocalDynamo.putAll(dynamoDb, table, items);
        Map<String, Map<String, AttributeValue>> loaded = new TreeMap<>();
        for (Map<String, AttributeValue> item : LocalDynamo.scanAll(dynamoDb, table)) {
            loaded.put(BackupFixture.key(item), item);
        }
        assertThat(loaded).hasSize(items.size());
        return canonical(loaded);
    }

    private static Map<String, String> canonical(Map<String, Map<String, AttributeValue>> items) {
        Map<String, String> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, DynamoJson.sdkItemToJson(v)));
        return out;
    }
}
