package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.WorkLocation;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalServers;
import dev.ddbbackup.verify.Verifier;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backup with history (BackupFixture: backfill, then two rounds of streamed changes through the
 * real function), a work bucket, and the single-machine restore of it every fanned-out run is
 * compared with.
 */
final class FanOutFixture {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** The access key the servers' tables live under (LocalServers' clients use it). */
    static final String ACCESS_KEY = "test";

    final S3Client s3 = LocalServers.s3();
    final DynamoDbClient dynamoDb = LocalServers.dynamoDb();
    final BackupFixture backup;
    final String workBucket;
    final String id = UUID.randomUUID().toString().substring(0, 8);

    FanOutFixture(int items) throws Exception {
        backup = BackupFixture.create(dynamoDb, s3, "FanSrc" + id, "fan-backup-" + id, items);
        workBucket = "fan-work-" + id;
        s3.createBucket(b -> b.bucket(workBucket));
    }

    /** The backup, read with 256 partitions and 16 requests at once. */
    BackupRead backupRead() {
        return BackupRead.of(new BackupLocation(backup.bucket, BackupFixture.PREFIX, backup.table))
                .withWidth(PartitionWidth.P256).withConcurrency(16);
    }

    /** A restore of the whole table as of {@code time} into a new (empty) table. */
    RestoreJobSpec restoreJob(String target, Instant time) {
        return new RestoreJobSpec(backupRead(), time, null, null, target, false, false, true, false, false, false, 0);
    }

    /**
     * A restore request of the whole table as of {@code time}, fanned out over {@code segments}, at most
     * {@code maxPartitionsPerInvocation} partitions per invocation (0: no limit but time).
     */
    JobRequest restore(String target, Instant time, int segments, String execution, int maxPartitionsPerInvocation) {
        return new JobRequest(restoreJob(target, time), segments, WorkLocation.forExecution(workBucket, execution), 0,
                maxPartitionsPerInvocation, 0);
    }

    /** A verify of the whole table against its backup, fanned out over {@code segments}, with these per-invocation limits. */
    JobRequest verify(int segments, String execution, int maxPartitionsPerInvocation, int scanItemsPerInvocation) {
        return new JobRequest(VerifyJobSpec.latest(backupRead(), segments), segments,
                WorkLocation.forExecution(workBucket, execution), 0, maxPartitionsPerInvocation, scanItemsPerInvocation);
    }

    /** The verify engine on this machine, as {@code verify} runs it: what a fanned-out verify must equal. */
    JsonNode verifyOnOneMachine() throws Exception {
        VerifyJobSpec job = VerifyJobSpec.latest(BackupRead.of(new BackupLocation(backup.bucket, BackupFixture.PREFIX,
                backup.table)).withConcurrency(16), 4);
        return new Verifier(dynamoDb, s3, 4).compare(job, backup.table, Progress.none()).toJson(MAPPER);
    }

    /** The restore engine on this machine, into a new table: what a fanned-out restore must equal. */
    RestoreReport restoreOnOneMachine(String target, Instant time) throws Exception {
        LocalDynamo.createTable(dynamoDb, target);
        return new RestoreJob(s3, dynamoDb).run(restoreJob(target, time), Segment.all(), PartitionGate.always());
    }

    /** Every item of a table: canonical key → DynamoDB JSON. */
    Map<String, String> items(String table) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            out.put(BackupFixture.key(item), DynamoJson.sdkItemToJson(new TreeMap<>(item)));
        }
        return out;
    }

    /** The first event of a segment's loop, as the Map's ItemSelector builds it. */
    static ObjectNode firstEvent(JobRequest request, int segment) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("request", request.toJson());
        n.put("segment", segment);
        n.put("invocation", 0);
        return n;
    }

    /** The engine's report as JSON. */
    static JsonNode json(RestoreReport report) throws Exception {
        return MAPPER.readTree(report.toJson());
    }
}
