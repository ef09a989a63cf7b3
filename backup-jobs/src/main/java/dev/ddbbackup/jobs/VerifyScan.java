package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.function.KeySchemaResolver;
import dev.ddbbackup.job.VerifyJobSpec;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.NameEncoding;
import dev.ddbbackup.json.TenantNames;
import dev.ddbbackup.table.ReadCapacityLimiter;
import dev.ddbbackup.verify.ItemDigest;
import dev.ddbbackup.verify.Verifier;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Verify's scan phase, one invocation: reads Scan segment {@code segment} of {@code segments} of
 * the live table (strongly consistent, as the local verify), from the cursor the previous
 * invocation handed on, until the invocation's time or item budget is spent; reduces every item in
 * scope to (canonical key, {@link ItemDigest}) exactly as the local verify does; and writes them
 * sorted by backup partition (the MD5 prefix of the item's name) into one object in the job's work
 * location. Its report, written last, names that object and where each partition's lines are in it,
 * so the compare phase fetches one partition's share of the table with one ranged GET per scan
 * invocation, and memory never holds more than one invocation's lines.
 *
 * <p>The table is read once whatever the number of workers: each worker scans its own Scan segment.
 */
record VerifyScan(S3Client s3, DynamoDbClient dynamoDb) {

    /** Items one invocation reads at most (the lines of those in scope are held in memory to be sorted: ~150 bytes each). */
    static final int DEFAULT_ITEMS_PER_INVOCATION = 1_000_000;
    private static final ObjectMapper MAPPER = JobHandler.MAPPER;

    /** One table item's line, and the backup partition (as a number) it belongs to. */
    private record Line(int partition, String text) {
    }

    /**
     * Scans until {@code stopStartingAtNanos} (at least one page), writes the lines and the report,
     * and answers with the next invocation's event.
     */
    ObjectNode run(JobRequest request, SegmentTask task, String requestId, long stopStartingAtNanos) throws Exception {
        long started = System.nanoTime();
        VerifyJobSpec job = (VerifyJobSpec) request.job();
        // One Scan segment per worker, all at once: each has its share of the job's read capacity.
        double maxRcu = request.segment(task.segment(), null).share(job.maxRcu());
        List<String> keySchema = new KeySchemaResolver(() -> dynamoDb).keySchema(job.table());
        String tenantSegment = job.tenant() == null ? null : NameEncoding.encode(job.tenant());
        ReadCapacityLimiter limiter = maxRcu > 0 ? new ReadCapacityLimiter(maxRcu) : null;
        int budget = request.scanItemsPerInvocation() > 0 ? request.scanItemsPerInvocation() : DEFAULT_ITEMS_PER_INVOCATION;
        Map<String, AttributeValue> cursor = task.cursor() == null ? null : DynamoJson.parseSdkItem(task.cursor().toString());
        List<Line> lines = new ArrayList<>();
        long items = 0;
        long pages = 0;
        double consumed = 0;
        do {
            if (limiter != null) {
                limiter.acquire();
            }
            // Limit: never more items than the budget has left (a page is 1 MB at most anyway).
            ScanRequest.Builder scan = ScanRequest.builder().tableName(job.table()).consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .segment(task.segment()).totalSegments(request.segments()).limit((int) (budget - items));
            if (cursor != null) {
                scan.exclusiveStartKey(cursor);
            }
            ScanResponse page = dynamoDb.scan(scan.build());
            double units = page.consumedCapacity() == null || page.consumedCapacity().capacityUnits() == null
                    ? 0 : page.consumedCapacity().capacityUnits();
            consumed += units;
            if (limiter != null) {
                limiter.consumed(units);
            }
            pages++;
            for (Map<String, AttributeValue> item : page.items()) {
                items++;
                if (tenantSegment != null && !tenantSegment.equals(
                        TenantNames.ofSdkValue(job.tenantColumn(), item.get(job.tenantColumn())).segment)) {
                    continue;
                }
                ItemKey key = Verifier.itemKey(item, keySchema);
                lines.add(new Line(Integer.parseInt(job.width().partitionOf(key.md5Hex()), 16),
                        key.canonicalJson() + '\t' + ItemDigest.of(item)));
            }
            cursor = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (cursor != null && items < budget && System.nanoTime() - stopStartingAtNanos < 0);

        ObjectNode report = MAPPER.createObjectNode();
        report.put("job", "verify");
        report.put("phase", SegmentTask.SCAN);
        report.put("segment", task.segment());
        report.put("invocation", task.invocation());
        report.put("requestId", requestId);
        report.set("start", task.cursor() == null ? report.nullNode() : task.cursor());
        JsonNode end = cursor == null ? report.nullNode() : MAPPER.readTree(DynamoJson.sdkItemToJson(cursor));
        report.set("end", end);
        report.put("items", items);
        report.put("inScope", lines.size());
        report.put("pages", pages);
        report.put("consumedReadCapacity", consumed);
        if (!lines.isEmpty()) {
            String dataKey = request.work().scanDataKey(task.segment(), task.invocation(), requestId);
            report.put("dataKey", dataKey);
            writeSorted(request, dataKey, lines, report.putArray("chunks"));
        }
        report.put("durationMillis", (System.nanoTime() - started) / 1_000_000);
        request.work().putJson(s3, request.work().scanReportKey(task.segment(), task.invocation()), report);

        ObjectNode progress = MAPPER.createObjectNode();
        progress.put("items", items);
        progress.put("inScope", lines.size());
        progress.put("durationMillis", report.path("durationMillis").asLong());
        progress.put("requestId", requestId);
        return task.nextScan(cursor == null ? null : end, progress);
    }

    /**
     * Writes the lines sorted by partition (one line per item, UTF-8, each ending in a newline) and
     * lists every partition's byte range: {@code [partition, offset, length]}.
     */
    private void writeSorted(JobRequest request, String dataKey, List<Line> lines, ArrayNode chunks) throws IOException {
        lines.sort(Comparator.comparingInt(Line::partition));
        Path file = Files.createTempFile("verify-scan-", ".tsv");
        try {
            long offset = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                int i = 0;
                while (i < lines.size()) {
                    int partition = lines.get(i).partition();
                    long start = offset;
                    for (; i < lines.size() && lines.get(i).partition() == partition; i++) {
                        byte[] bytes = (lines.get(i).text() + '\n').getBytes(StandardCharsets.UTF_8);
                        out.write(bytes);
                        offset += bytes.length;
                    }
                    chunks.addArray().add(partition).add(start).add(offset - start);
                }
            }
            s3.putObject(b -> b.bucket(request.work().bucket).key(dataKey).contentType("text/tab-separated-values"),
                    RequestBody.fromFile(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
