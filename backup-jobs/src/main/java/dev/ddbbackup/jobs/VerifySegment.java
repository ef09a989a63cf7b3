package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.state.BackupSource;
import dev.ddbbackup.verify.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Verify's compare phase, one segment: the verify engine ({@link Verifier#compareShare}) compares
 * the backup's latest state of the segment's partitions with their share of the table the scan
 * phase wrote ({@link ScannedTable}), partition by partition as the gate lets them start, exactly
 * as {@code verify} on one machine compares each partition with its share of its table spool.
 */
final class VerifySegment implements SegmentWork {

    /** Partitions compared at once. */
    static final int THREADS = 4;
    /** Fields of the engine's report that describe the run, not the partitions: not added up. */
    private static final List<String> NOT_SUMMED = List.of("ok", "table", "backupTable", "time", "elapsedMillis",
            "consumedReadCapacity");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    VerifySegment(S3Client s3, DynamoDbClient dynamoDb) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
    }

    @Override
    public Outcome run(JobRequest request, SegmentTask task, DeadlineGate gate) throws Exception {
        ScannedTable table = ScannedTable.read(s3, request);
        BackupSource source = new BackupSource(request.bucket, request.prefix, request.table, request.tenant,
                TimeSource.parse(request.timeSource));
        Verifier.Options options = new Verifier.Options(source, request.tenantColumn, 1, null, THREADS,
                Math.max(1, request.concurrency));
        List<String> partitions = task.remaining != null ? task.remaining
                : partitionsOf(task.segment, request.segments, request.partitionDigits);
        // The problems of the backup as a whole (not of one partition) are met by every segment: counted by one.
        boolean backupWide = task.segment == 0 && task.invocation == 0;
        Verifier.ShareComparison result = new Verifier(dynamoDb, s3, options).compareShare(request.table,
                Scopes.reader(s3, request), Scopes.scope(request, task), partitions, table, gate, backupWide);
        ObjectNode counts = result.report().toJson(MAPPER);
        counts.remove(NOT_SUMMED);
        return new Outcome(result.partitionsInScope(), result.partitionsDone(), counts);
    }

    /** The partition ids of segment {@code segment} of {@code segments}: every {@code segments}-th, as the backup reader plans them. */
    static List<String> partitionsOf(int segment, int segments, int digits) {
        List<String> ids = new ArrayList<>();
        for (int i = segment; i < JobRequest.partitions(digits); i += segments) {
            ids.add(String.format(Locale.ROOT, "%0" + digits + "x", i));
        }
        return ids;
    }
}
