package dev.ddbbackup.restore;

import static dev.ddbbackup.restore.RestoreFixtures.contents;
import static dev.ddbbackup.restore.RestoreFixtures.expected;
import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.cli.ExitCodes;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.TableModel;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Model-based: a random workload (inserts, updates, deletes, TTL deletes, tenant moves, hot keys,
 * equal change times) goes through the real backup function with controlled change times while a
 * model keeps the table's state at every time; restores at many times (whole table, one tenant,
 * one item, in segments, over a later state) must give exactly the model's state.
 */
class RestoreModelTest {

    @RegisterExtension
    static final S3MockExtension S3 = LocalS3.extension();

    static final String BUCKET = "restore-model";
    static final String TABLE = "Orders";
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final String[] TENANTS = {"acme", "beta", "gamma/x"};
    static final AtomicInteger TABLES = new AtomicInteger();

    static S3Client s3;
    static URI dynamoDbEndpoint;
    static DynamoDbClient dynamoDb;
    static final TableModel<Map<String, AttributeValue>> MODEL = new TableModel<>();
    static Instant end;
    static final Random RANDOM = new Random(20261120);

    @BeforeAll
    static void writeWorkloadThroughTheFunction() throws Exception {
        dynamoDbEndpoint = RestoreFixtures.startDynamoDbLocal();
        dynamoDb = RestoreFixtures.dynamoDb(dynamoDbEndpoint);
        s3 = LocalS3.client(S3);
        LocalS3.createVersionedBucket(s3, BUCKET);
        BackupHandler handler = new BackupHandler(
                BackupConfig.builder().bucket(BUCKET).prefix("bk").multiTenancyColumn("tenant").build(), s3,
                () -> { throw new IllegalStateException("no DynamoDB in this test: _table.json is skipped with a warning"); },
                new JsonLog(RestoreFixtures.QUIET, JsonLog.Level.INFO), new EmfMetrics(RestoreFixtures.QUIET));
        Events events = new Events(TABLE);
        Random r = new Random(7);
        Instant t = T0;
        List<DynamodbStreamRecord> pending = new ArrayList<>();
        for (int step = 0; step < 260; step++) {
            t = t.plusSeconds(r.nextInt(3)); // 0: several changes in the same second, ordered by sequence number
            int k = r.nextInt(10) < 5 ? r.nextInt(4) : r.nextInt(36); // keys 0-3 are hot
            Map<String, AttributeValue> keys = item("id", s("item-" + k), "range", n(Integer.toString(k % 3)));
            String key = DynamoJson.eventKey(keys).canonicalJson();
            Map<String, AttributeValue> old = MODEL.current(key);
            events.at(t);
            DynamodbStreamRecord record;
            Map<String, AttributeValue> image;
            if (old == null) {
                image = image(k, TENANTS[r.nextInt(TENANTS.length)], step, r);
                record = events.insert(keys, image);
            } else if (r.nextInt(10) < 7) {
                String tenant = r.nextInt(5) == 0 ? TENANTS[r.nextInt(TENANTS.length)] : old.get("tenant").getS();
                image = image(k, tenant, step, r);
                record = events.modify(keys, old, image);
            } else {
                image = null;
                record = r.nextBoolean() ? events.ttlRemove(keys, old) : events.remove(keys, old);
            }
            MODEL.apply(t, key, image);
            pending.add(record);
            if (pending.size() >= 1 + r.nextInt(8)) {
                handler.handleRequest(Events.event(pending), null);
                pending = new ArrayList<>();
            }
        }
        handler.handleRequest(Events.event(pending), null);
        end = t;
    }

    private static Map<String, AttributeValue> image(int k, String tenant, int step, Random r) {
        Map<String, AttributeValue> image = new LinkedHashMap<>(item("id", s("item-" + k), "range",
                n(Integer.toString(k % 3)), "tenant", s(tenant), "v", n(Integer.toString(step))));
        if (r.nextBoolean()) {
            image.put("note", s("note " + r.nextInt(1000)));
        }
        if (r.nextInt(4) == 0) {
            image.put("aws:rep:updateregion", s("us-east-1"));
        }
        return image;
    }

    /** Random times around the workload, plus exact change times (inclusive boundary). */
    private static List<Instant> times(int count) {
        List<Instant> changeTimes = MODEL.changeTimes();
        List<Instant> out = new ArrayList<>();
        out.add(T0.minusSeconds(1));
        for (int i = 0; i < count; i++) {
            out.add(i % 2 == 0 ? changeTimes.get(RANDOM.nextInt(changeTimes.size()))
                    : T0.plusMillis(RANDOM.nextInt((int) (end.toEpochMilli() - T0.toEpochMilli() + 2000))));
        }
        return out;
    }

    private static BackupRead backup() {
        return BackupRead.of(new BackupLocation(BUCKET, "bk", TABLE)).withConcurrency(8);
    }

    /** A restore of the whole table, of one tenant or of one item (both null: the whole table). */
    private static RestoreReport restore(String tenant, ItemKey key, String target, Instant time)
            throws InterruptedException {
        return new RestoreJob(s3, dynamoDb).run(new RestoreJobSpec(backup(), time, tenant, key, target, false,
                false, false, true, false, false, 0), Segment.all(), PartitionGate.always());
    }

    private static String newTable() {
        String name = "Restored" + TABLES.incrementAndGet();
        RestoreFixtures.createTable(dynamoDb, name);
        return name;
    }

    @Test
    void wholeTableOverALaterStateEqualsTheModelAtEveryTime() throws Exception {
        for (Instant time : times(5)) {
            String target = newTable();
            RestoreFixtures.fill(dynamoDb, target, MODEL.stateAt(end));
            RestoreReport report = restore(null, null, target, time);
            assertThat(report.timeSource()).isEqualTo("change-log");
            assertThat(contents(dynamoDb, target)).as("table at %s", time).isEqualTo(expected(MODEL.stateAt(time)));
        }
    }

    @Test
    void aRestoreThatWouldOnlyDeleteIsRefusedUntilAllowed() throws Exception {
        String target = newTable();
        RestoreFixtures.fill(dynamoDb, target, MODEL.stateAt(end));
        Instant before = T0.minusSeconds(1);
        RestoreReport refused = new RestoreJob(s3, dynamoDb)
                .run(RestoreJobSpec.of(backup(), before, target), Segment.all(), PartitionGate.always());
        assertThat(refused.outcome()).isEqualTo(RestoreReport.Outcome.REFUSED);
        assertThat(ExitCodes.of(refused)).isEqualTo(2);
        assertThat(refused.message()).contains("would put no item and delete every item").contains("--allow-delete-all");
        assertThat(contents(dynamoDb, target)).isEqualTo(expected(MODEL.stateAt(end)));

        RestoreReport allowed = restore(null, null, target, before);
        assertThat(allowed.outcome()).isEqualTo(RestoreReport.Outcome.RESTORED);
        assertThat(contents(dynamoDb, target)).isEmpty();
    }

    @Test
    void oneTenantEqualsTheModelsItemsOfThatTenant() throws Exception {
        for (Instant time : times(1)) {
            for (String tenant : TENANTS) {
                String target = newTable();
                restore(tenant, null, target, time);
                Map<String, Map<String, AttributeValue>> ofTenant = new TreeMap<>();
                MODEL.stateAt(time).forEach((k, v) -> {
                    if (v.get("tenant").getS().equals(tenant)) {
                        ofTenant.put(k, v);
                    }
                });
                assertThat(contents(dynamoDb, target)).as("tenant %s at %s", tenant, time).isEqualTo(expected(ofTenant));
            }
        }
    }

    @Test
    void oneItemChangesOnlyThatItem() throws Exception {
        for (Instant time : times(4)) {
            int k = RANDOM.nextInt(5);
            ItemKey key = DynamoJson.eventKey(item("id", s("item-" + k), "range", n(Integer.toString(k % 3))));
            String target = newTable();
            Map<String, Map<String, AttributeValue>> before = MODEL.stateAt(end);
            RestoreFixtures.fill(dynamoDb, target, before);
            restore(null, key, target, time);
            Map<String, Map<String, AttributeValue>> want = new TreeMap<>(before);
            want.remove(key.canonicalJson());
            Map<String, AttributeValue> then = MODEL.stateAt(time).get(key.canonicalJson());
            if (then != null) {
                want.put(key.canonicalJson(), then);
            }
            assertThat(contents(dynamoDb, target)).as("item %s at %s", key, time).isEqualTo(expected(want));
        }
    }

    @Test
    void segmentsTogetherMakeTheWholeTable() throws Exception {
        Instant time = times(1).get(1);
        String target = newTable();
        RestoreFixtures.fill(dynamoDb, target, MODEL.stateAt(end));
        RestoreJobSpec fine = new RestoreJobSpec(backup().withWidth(PartitionWidth.P256), time, null, null, target,
                false, false, false, true, false, false, 0);
        for (int segment = 0; segment < 3; segment++) {
            new RestoreJob(s3, dynamoDb).run(fine, Segment.of(segment, 3), PartitionGate.always());
        }
        assertThat(contents(dynamoDb, target)).isEqualTo(expected(MODEL.stateAt(time)));
    }

    @Test
    void commandLineInPlaceRestoreDryRunAndHistory() throws Exception {
        Instant time = MODEL.changeTimes().get(150);
        String source = TABLE;
        RestoreFixtures.createTable(dynamoDb, source);
        RestoreFixtures.fill(dynamoDb, source, MODEL.stateAt(end));
        String[] common = {"--bucket", BUCKET, "--prefix", "bk", "--table", source, "--to", time.toString(),
                "--s3-endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "--dynamodb-endpoint", dynamoDbEndpoint.toString(),
                "--region", "us-east-1", "--no-progress"};

        RestoreFixtures.Result refused = RestoreFixtures.cli(concat(new String[] {"restore", "--target-table", source}, common));
        assertThat(refused.code).isEqualTo(2);

        RestoreFixtures.Result dry = RestoreFixtures.cli(concat(new String[] {"restore", "--in-place", "--dry-run", "--json"}, common));
        assertThat(dry.code).as(dry.toString()).isZero();
        assertThat(contents(dynamoDb, source)).isEqualTo(expected(MODEL.stateAt(end)));
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dry.out);
        assertThat(report.get("puts").asLong()).isEqualTo(MODEL.stateAt(time).size());
        assertThat(report.get("dryRun").asBoolean()).isTrue();

        RestoreFixtures.Result real = RestoreFixtures.cli(concat(new String[] {"restore", "--in-place", "--max-wcu", "500"}, common));
        assertThat(real.code).as(real.toString()).isZero();
        assertThat(real.out).contains("time source: change-log");
        assertThat(contents(dynamoDb, source)).isEqualTo(expected(MODEL.stateAt(time)));

        RestoreFixtures.Result history = RestoreFixtures.cli("history", "--bucket", BUCKET, "--prefix", "bk", "--table", source,
                "--key", "{\"id\":{\"S\":\"item-1\"},\"range\":{\"N\":\"1\"}}", "--diff",
                "--s3-endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "--region", "us-east-1");
        assertThat(history.code).as(history.toString()).isZero();
        assertThat(history.out).contains("INSERT").contains("MODIFY").contains("~ v:");
        RestoreFixtures.Result none = RestoreFixtures.cli("history", "--bucket", BUCKET, "--prefix", "bk", "--table", source,
                "--key", "{\"id\":{\"S\":\"nope\"},\"range\":{\"N\":\"1\"}}",
                "--s3-endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "--region", "us-east-1");
        assertThat(none.code).isEqualTo(1);
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
