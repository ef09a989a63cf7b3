package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One fanned-out job, as the command line builds it and every worker reads it: the same options as
 * a local run of {@code restore}, {@code snapshot} or {@code verify}, the point in time fixed once
 * (so every worker reads the same state, even for "now"), the number of segments and partitions,
 * and where the job's working files go. It travels as JSON in the Step Functions execution's input
 * and in every worker's event.
 */
public final class JobRequest {

    /** Segments beyond this would make the Map's collected results approach Step Functions' 256 KiB payload limit. */
    public static final int MAX_SEGMENTS = 1000;

    public final JobKind job;
    public final String bucket;
    public final String prefix;
    public final String table;
    /** {@code auto}, {@code change-log} or {@code last-modified}. */
    public final String timeSource;
    public final Instant time;
    /** The tenancy attribute's value, or null. */
    public final String tenant;
    /** One item's key as DynamoDB JSON, or null. */
    public final String key;
    /** 1, 2 or 3 hex digits of the MD5 item name per partition: 16, 256 or 4096 partitions. */
    public final int partitionDigits;
    public final int segments;
    public final WorkLocation work;
    /** Seconds after which a worker starts no new partition; 0 for the default (a share of the invocation's time). */
    public final int budgetSeconds;
    /** Partitions a worker starts per invocation at most; 0 for no limit but time. */
    public final int maxPartitionsPerInvocation;
    /** Concurrent S3 requests per worker. */
    public final int concurrency;

    // restore
    public final String targetTable;
    public final boolean targetIsNew;
    public final boolean dryRun;
    /** The cap of the whole job (every worker together); 0 for none. */
    public final double maxWcu;
    /**
     * --allow-delete-all. Each worker applies the refusal to its own segment, so a segment whose
     * items all were absent at the time is refused unless it is given (docs/RESTORE.md).
     */
    public final boolean allowDeleteAll;
    /** --allow-missing-versions and --skip-bad-objects (restore and snapshot). */
    public final boolean allowMissingVersions;
    public final boolean skipBadObjects;

    // snapshot
    /** {@code s3://bucket/prefix/} of the snapshot. */
    public final String out;
    public final long maxFileBytes;

    // verify
    public final String tenantColumn;
    /** The cap of the whole job's Scan, in RCU per second; 0 for none. */
    public final double maxRcu;
    /** Items a scan-phase invocation reads at most before it hands the rest of its Scan segment on; 0 for the default. */
    public final int scanItemsPerInvocation;

    private JobRequest(Builder b) {
        this.job = Objects.requireNonNull(b.job, "job");
        this.bucket = Objects.requireNonNull(b.bucket, "bucket");
        this.prefix = b.prefix == null ? "" : b.prefix;
        this.table = Objects.requireNonNull(b.table, "table");
        this.timeSource = b.timeSource;
        this.time = Objects.requireNonNull(b.time, "time");
        this.tenant = b.tenant;
        this.key = b.key;
        if (b.partitionDigits < 1 || b.partitionDigits > 3) {
            throw new IllegalArgumentException("partitionDigits must be 1, 2 or 3, was " + b.partitionDigits);
        }
        this.partitionDigits = b.partitionDigits;
        if (b.segments < 1 || b.segments > MAX_SEGMENTS || b.segments > partitions(b.partitionDigits)) {
            throw new IllegalArgumentException("segments must be 1.." + Math.min(MAX_SEGMENTS, partitions(b.partitionDigits))
                    + " (at most one per partition, at most " + MAX_SEGMENTS + "), was " + b.segments);
        }
        this.segments = b.segments;
        this.work = Objects.requireNonNull(b.work, "work");
        this.budgetSeconds = b.budgetSeconds;
        this.maxPartitionsPerInvocation = b.maxPartitionsPerInvocation;
        this.concurrency = b.concurrency;
        this.targetTable = b.targetTable;
        this.targetIsNew = b.targetIsNew;
        this.dryRun = b.dryRun;
        this.maxWcu = b.maxWcu;
        this.allowDeleteAll = b.allowDeleteAll;
        this.allowMissingVersions = b.allowMissingVersions;
        this.skipBadObjects = b.skipBadObjects;
        this.out = b.out;
        this.maxFileBytes = b.maxFileBytes;
        this.tenantColumn = b.tenantColumn;
        this.maxRcu = b.maxRcu;
        this.scanItemsPerInvocation = b.scanItemsPerInvocation;
        if (job == JobKind.RESTORE && targetTable == null) {
            throw new IllegalArgumentException("A restore needs targetTable");
        }
        if (job == JobKind.VERIFY && (key != null || (tenant != null && tenantColumn == null))) {
            throw new IllegalArgumentException("A verify compares a table or a tenant (with tenantColumn), never one key");
        }
        if (job == JobKind.SNAPSHOT && out == null) {
            throw new IllegalArgumentException("A snapshot needs out");
        }
    }

    public static int partitions(int digits) {
        return 1 << (4 * digits);
    }

    /** The write capacity each worker may use: the job's cap shared by the segments that can run at once. */
    public double maxWcuPerWorker() {
        return maxWcu <= 0 ? 0 : maxWcu / segments;
    }

    /** The read capacity each scanning worker may use: a verify's Scan has one segment per worker. */
    public double maxRcuPerWorker() {
        return maxRcu <= 0 ? 0 : maxRcu / segments;
    }

    public static Builder builder(JobKind job) {
        return new Builder(job);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("job", job.wireName());
        n.put("bucket", bucket);
        n.put("prefix", prefix);
        n.put("table", table);
        n.put("timeSource", timeSource);
        n.put("time", time.toString());
        n.put("tenant", tenant);
        n.put("key", key);
        n.put("partitionDigits", partitionDigits);
        n.put("segments", segments);
        n.putObject("work").put("bucket", work.bucket).put("prefix", work.prefix);
        n.put("budgetSeconds", budgetSeconds);
        n.put("maxPartitionsPerInvocation", maxPartitionsPerInvocation);
        n.put("concurrency", concurrency);
        switch (job) {
            case RESTORE -> n.putObject("restore").put("targetTable", targetTable).put("targetIsNew", targetIsNew)
                    .put("dryRun", dryRun).put("maxWcu", maxWcu).put("allowDeleteAll", allowDeleteAll)
                    .put("allowMissingVersions", allowMissingVersions).put("skipBadObjects", skipBadObjects);
            case SNAPSHOT -> n.putObject("snapshot").put("out", out).put("maxFileBytes", maxFileBytes)
                    .put("allowMissingVersions", allowMissingVersions).put("skipBadObjects", skipBadObjects);
            case VERIFY -> n.putObject("verify").put("tenantColumn", tenantColumn).put("maxRcu", maxRcu)
                    .put("scanItemsPerInvocation", scanItemsPerInvocation);
        }
        return n;
    }

    /** Reads a request; a missing or malformed field is an IllegalArgumentException naming it. */
    public static JobRequest fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("The job request must be a JSON object");
        }
        Builder b = builder(JobKind.parse(text(n, "job", true)))
                .bucket(text(n, "bucket", true)).prefix(text(n, "prefix", false)).table(text(n, "table", true))
                .timeSource(n.hasNonNull("timeSource") ? n.get("timeSource").asText() : "auto")
                .time(Instant.parse(text(n, "time", true))).tenant(text(n, "tenant", false)).key(text(n, "key", false))
                .partitionDigits(n.path("partitionDigits").asInt(1)).segments(n.path("segments").asInt(1))
                .budgetSeconds(n.path("budgetSeconds").asInt(0))
                .maxPartitionsPerInvocation(n.path("maxPartitionsPerInvocation").asInt(0)).concurrency(n.path("concurrency").asInt(64));
        JsonNode work = n.path("work");
        b.work(new WorkLocation(text(work, "bucket", true), work.path("prefix").asText("")));
        JsonNode r = n.path("restore");
        if (r.isObject()) {
            b.targetTable(text(r, "targetTable", true)).targetIsNew(r.path("targetIsNew").asBoolean(false))
                    .dryRun(r.path("dryRun").asBoolean(false)).maxWcu(r.path("maxWcu").asDouble(0))
                    .allowDeleteAll(r.path("allowDeleteAll").asBoolean(false))
                    .allowMissingVersions(r.path("allowMissingVersions").asBoolean(false))
                    .skipBadObjects(r.path("skipBadObjects").asBoolean(false));
        }
        JsonNode s = n.path("snapshot");
        if (s.isObject()) {
            b.out(text(s, "out", true)).maxFileBytes(s.path("maxFileBytes").asLong(100L * 1024 * 1024))
                    .allowMissingVersions(s.path("allowMissingVersions").asBoolean(false))
                    .skipBadObjects(s.path("skipBadObjects").asBoolean(false));
        }
        JsonNode v = n.path("verify");
        if (v.isObject()) {
            b.tenantColumn(text(v, "tenantColumn", false))
                    .maxRcu(v.path("maxRcu").asDouble(0))
                    .scanItemsPerInvocation(v.path("scanItemsPerInvocation").asInt(0));
        }
        return b.build();
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("The job request has no '" + field + "'");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("The job request's '" + field + "' must be a string");
        }
        return v.asText();
    }

    /** Builder. */
    public static final class Builder {
        private final JobKind job;
        private String bucket;
        private String prefix;
        private String table;
        private String timeSource = "auto";
        private Instant time;
        private String tenant;
        private String key;
        private int partitionDigits = 3;
        private int segments = 1;
        private WorkLocation work;
        private int budgetSeconds;
        private int maxPartitionsPerInvocation;
        private int concurrency = 64;
        private String targetTable;
        private boolean targetIsNew;
        private boolean dryRun;
        private double maxWcu;
        private boolean allowDeleteAll;
        private boolean allowMissingVersions;
        private boolean skipBadObjects;
        private String out;
        private long maxFileBytes = 100L * 1024 * 1024;
        private String tenantColumn;
        private double maxRcu;
        private int scanItemsPerInvocation;

        private Builder(JobKind job) {
            this.job = job;
        }

        public Builder bucket(String v) { this.bucket = v; return this; }
        public Builder prefix(String v) { this.prefix = v; return this; }
        public Builder table(String v) { this.table = v; return this; }
        public Builder timeSource(String v) { this.timeSource = v; return this; }
        public Builder time(Instant v) { this.time = v; return this; }
        public Builder tenant(String v) { this.tenant = v; return this; }
        public Builder key(String v) { this.key = v; return this; }
        public Builder partitionDigits(int v) { this.partitionDigits = v; return this; }
        public Builder segments(int v) { this.segments = v; return this; }
        public Builder work(WorkLocation v) { this.work = v; return this; }
        public Builder budgetSeconds(int v) { this.budgetSeconds = v; return this; }
        public Builder maxPartitionsPerInvocation(int v) { this.maxPartitionsPerInvocation = v; return this; }
        public Builder concurrency(int v) { this.concurrency = v; return this; }
        public Builder targetTable(String v) { this.targetTable = v; return this; }
        public Builder targetIsNew(boolean v) { this.targetIsNew = v; return this; }
        public Builder dryRun(boolean v) { this.dryRun = v; return this; }
        public Builder maxWcu(double v) { this.maxWcu = v; return this; }
        public Builder allowDeleteAll(boolean v) { this.allowDeleteAll = v; return this; }
        public Builder allowMissingVersions(boolean v) { this.allowMissingVersions = v; return this; }
        public Builder skipBadObjects(boolean v) { this.skipBadObjects = v; return this; }
        public Builder out(String v) { this.out = v; return this; }
        public Builder maxFileBytes(long v) { this.maxFileBytes = v; return this; }
        public Builder tenantColumn(String v) { this.tenantColumn = v; return this; }
        public Builder maxRcu(double v) { this.maxRcu = v; return this; }
        public Builder scanItemsPerInvocation(int v) { this.scanItemsPerInvocation = v; return this; }

        public JobRequest build() {
            return new JobRequest(this);
        }
    }
}
