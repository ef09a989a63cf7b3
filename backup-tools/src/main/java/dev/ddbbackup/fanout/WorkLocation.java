package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where one fanned-out job keeps its working files: a prefix in the stack's job bucket
 * ({@code jobs/{execution name}/}), never in the backup bucket, so workers only read the backup.
 * Every key is named by what it describes (segment, invocation), so a retried invocation writes
 * the same names again instead of adding to them.
 */
public final class WorkLocation {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final String bucket;
    /** Ends with '/'. */
    public final String prefix;

    public WorkLocation(String bucket, String prefix) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        String p = Objects.requireNonNull(prefix, "prefix");
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    /** {@code jobs/{executionName}/} in {@code bucket}. */
    public static WorkLocation forExecution(String bucket, String executionName) {
        return new WorkLocation(bucket, "jobs/" + executionName + "/");
    }

    public String reportsPrefix() {
        return prefix + "reports/";
    }

    /** The report of one invocation of one segment's worker. */
    public String invocationReportKey(int segment, int invocation) {
        return String.format("%ssegment-%05d/invocation-%05d.json", reportsPrefix(), segment, invocation);
    }

    /**
     * The items one invocation of a changes listing's segment read (gzip JSON lines): named like its
     * report, so a retried invocation replaces both, the report written last.
     */
    public String changesListingKey(int segment, int invocation) {
        return String.format("%schanges/segment-%05d/invocation-%05d.jsonl.gz", prefix, segment, invocation);
    }

    /** Where a verify's scan phase writes the table's share of keys and digests, and its reports. */
    public String scanPrefix() {
        return prefix + "scan/";
    }

    /** The report of one invocation of one Scan segment (verify's scan phase). */
    public String scanReportKey(int segment, int invocation) {
        return String.format("%ssegment-%05d/invocation-%05d.json", scanPrefix(), segment, invocation);
    }

    /**
     * The keys and digests one scan invocation read, named by its request id too: a retried
     * invocation writes a new object, and its report (written last, under the same name) says which
     * object is the one.
     */
    public String scanDataKey(int segment, int invocation, String requestId) {
        return String.format("%ssegment-%05d/invocation-%05d-%s.tsv", scanPrefix(), segment, invocation,
                requestId.replaceAll("[^A-Za-z0-9-]", "-"));
    }

    /** The merged report of the whole job, written by the merge step. */
    public String mergedReportKey() {
        return prefix + "report.json";
    }

    /** Writes {@code json} (a report) at {@code key}. */
    public void putJson(S3Client s3, String key, JsonNode json) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                RequestBody.fromBytes(json.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Every JSON object under {@code prefix} (the reports there), in key order. */
    public List<JsonNode> readJson(S3Client s3, String prefix) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (o.key().endsWith(".json")) {
                all.add(MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray()));
            }
        }
        return all;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
