package dev.ddbbackup.delivery;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.VersionEntry;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.function.StorageMode;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalServers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One run of the delivery-fault model: a random workload ({@link StreamWorkload}) is delivered to the
 * real backup function the way Lambda delivers it, faults included ({@link EventSourceMapping},
 * {@link WriteFaults}); then the backup is read back and every restore point, every item's
 * history and every version written must agree with the model. Mismatches are collected, so a
 * failure shows all of them with the seed that replays the run.
 */
final class DeliveryFaultModel {

    /** The size and shape of a run. */
    static final class Config {
        long seed;
        int changes = 400;
        int keys = 30;
        int shards = 2;
        int maxBatch = 24;
        /** Restore points evaluated by the reader (the restore engine's state), {@code now} included. */
        int restorePoints = 40;
        /** Of those, restores into a DynamoDB table with {@link RestoreJob}. */
        int fullRestores = 3;
        boolean plainTextKeys;
        boolean multiTenancy = true;
        /** Also run {@code history} and {@code restore} through the command line. */
        boolean commandLine = true;
        /** Checkpoints built at random times, most of them mid-delivery (late change logs still to come). */
        int checkpoints = 3;
        /** About one invocation in this many builds a checkpoint, until {@link #checkpoints} exist. */
        int checkpointEvery = 12;
        /** Then expire history the way the retention lifecycle would, and restore inside and outside the window. */
        boolean lifecycle = true;
        /** How the function stores the changes: object versions and change logs, or log segments. */
        StorageMode storageMode = StorageMode.OBJECTS;
        /** The mode the function is redeployed with after {@link #switchAfter} invocations, or null (no switch). */
        StorageMode switchTo;
        int switchAfter = 10;
        /** Random windows read by {@code changes} and reverted by {@code revert} (before any expiry). */
        int windows = 3;

        @Override
        public String toString() {
            return String.format("seed %d, %d changes on %d keys, %d shards, batches up to %d, %s names%s, %s mode", seed,
                    changes, keys, shards, maxBatch, plainTextKeys ? "plain-text" : "MD5", multiTenancy ? ", multi-tenancy" : "",
                    storageMode.configName() + (switchTo == null ? "" : " then " + switchTo.configName()));
        }
    }

    /** What a run did and found. */
    static final class Result {
        Config config;
        EventSourceMapping.Stats delivery;
        int rejected;
        int lost;
        int throttled;
        int versionsWritten;
        int changeLogsWritten;
        int redundantEntries;
        int restorePoints;
        int fullRestores;
        int historiesChecked;
        int checkpointsBuilt;
        int checkpointsMidDelivery;
        /** Restore points read from a checkpoint (not the full history). */
        int pointsFromCheckpoint;
        /** Change-log lines at or before a checkpoint's time applied on top of it: they landed after it was built. */
        long lateLinesApplied;
        int versionsExpired;
        int checkpointsExpired;
        int refusedOutsideWindow;
        int restoredInsideWindow;
        /** Change windows read ({@code changes}) and reverted ({@code revert}), and the items in them. */
        int windowsChecked;
        int windowItems;
        long itemsReverted;
        double seconds;
        double deliverySeconds;
        double restoreSeconds;
        final List<String> mismatches = new ArrayList<>();

        String summary() {
            return String.format("delivery-fault model: %s%n"
                            + "  delivered  %d invocations (%d with faults, %d partly failed), %d records delivered again,"
                            + " %d batches delivered twice%n"
                            + "  S3 faults  %d writes rejected, %d written with the answer lost, %d throttled and retried%n"
                            + "  bucket     %d item versions and delete markers, %d change logs; %d of the versions are"
                            + " redundant deliveries%n"
                            + "  checked    %d restore points (%d of them full restores into DynamoDB), %d item histories;"
                            + " %d mismatches%n"
                            + "  checkpoints %d (%d mid-delivery); %d restore points read from one, %d late lines applied on top%n"
                            + "  lifecycle  %d versions and %d checkpoints expired; %d restores inside the window exact,"
                            + " %d outside refused%n"
                            + "  windows    %d change windows read and reverted (%d items in them, %d written back)%n"
                            + "  time       %.1f s (delivery %.1f s, full restores %.1f s)%n",
                    config, delivery.invocations, delivery.faultyInvocations, delivery.partlyFailed,
                    delivery.redeliveredRecords, delivery.batchesDeliveredTwice, rejected, lost, throttled, versionsWritten,
                    changeLogsWritten, redundantEntries, restorePoints, fullRestores, historiesChecked,
                    mismatches.size(), checkpointsBuilt, checkpointsMidDelivery, pointsFromCheckpoint, lateLinesApplied,
                    versionsExpired, checkpointsExpired, restoredInsideWindow, refusedOutsideWindow,
                    windowsChecked, windowItems, itemsReverted,
                    seconds, deliverySeconds, restoreSeconds);
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final String PREFIX = "bk";

    private final URI s3Endpoint;
    private final URI dynamoDbEndpoint;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    /**
     * The log segments that existed before each checkpoint's build began (by table and checkpoint time): the
     * build lists after that, so it read every one of them. Kept by the model rather than judged
     * from LastModified, whose whole seconds cannot tell a segment written in the build's own
     * second from one written before it (a fast run then had nothing it could expire).
     */
    private final Map<String, Set<String>> segmentsBeforeBuild = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param s3Endpoint the S3 server the function writes to and the tools read from (any
     *     S3-compatible server with versioning)
     * @param dynamoDbEndpoint and {@code dynamoDb}: DynamoDB for the source table's description and the restore targets
     */
    DeliveryFaultModel(URI s3Endpoint, URI dynamoDbEndpoint, DynamoDbClient dynamoDb) {
        this.s3Endpoint = s3Endpoint;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.dynamoDb = dynamoDb;
        this.s3 = AwsClients.s3(settings().build());
    }

    private ClientSettings.Builder settings() {
        return ClientSettings.builder().s3Endpoint(s3Endpoint).region(Region.US_EAST_1).maxConcurrency(64)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    Result run(Config config) throws Exception {
        long started = System.nanoTime();
        Result result = new Result();
        result.config = config;
        int run = RUNS.incrementAndGet();
        String table = "FaultModel" + run + "x" + Long.toHexString(config.seed & 0xffff);
        String bucket = "fault-model-" + run + "-" + Long.toHexString(config.seed & 0xffffff);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        createTable(table);

        Random random = new Random(config.seed);
        StreamWorkload workload = StreamWorkload.generate(random, config.changes, config.keys, config.shards,
                Instant.now().minusSeconds(1));
        // In log mode the segment is the batch's one write: it fails (or lands with its answer lost) as a change log does.
        boolean logMode = config.storageMode == StorageMode.LOG;
        WriteFaults faults = config.switchTo != null ? new WriteFaults(config.seed, "/_changes/", "/_log/")
                : new WriteFaults(config.seed, logMode ? "/_log/" : "/_changes/");
        try (S3Client faulty = AwsClients.s3(settings().addInterceptor(faults).build())) {
            BackupConfig.Builder backup = BackupConfig.builder().bucket(bucket).prefix(PREFIX)
                    .plainTextKeys(config.plainTextKeys).storageMode(config.storageMode);
            if (config.multiTenancy) {
                backup.multiTenancyColumn(StreamWorkload.TENANT);
            }
            BackupHandler handler = new BackupHandler(backup.build(), faulty, () -> dynamoDb,
                    new JsonLog(QUIET, JsonLog.Level.ERROR), new EmfMetrics(QUIET));
            EventSourceMapping mapping = new EventSourceMapping(handler, faults,
                    "arn:aws:dynamodb:us-east-1:123456789012:table/" + table + "/stream/2026-11-20T00:00:00.000", random,
                    config.maxBatch);
            // Its own random numbers, so a seed delivers the same way with or without checkpoints.
            Random checkpointRandom = new Random(config.seed ^ 0x5DEECE66DL);
            AtomicInteger invocations = new AtomicInteger();
            mapping.afterInvocation(() -> {
                if (config.switchTo != null && invocations.incrementAndGet() == config.switchAfter) {
                    mapping.redeploy(new BackupHandler(backup.storageMode(config.switchTo).build(), faulty, () -> dynamoDb,
                            new JsonLog(QUIET, JsonLog.Level.ERROR), new EmfMetrics(QUIET)));
                }
                if (result.checkpointsBuilt < config.checkpoints && checkpointRandom.nextInt(config.checkpointEvery) == 0) {
                    buildCheckpoint(config, workload, bucket, table, randomTime(workload, checkpointRandom), result);
                    result.checkpointsMidDelivery++;
                }
            });
            mapping.deliverAll(workload);
            result.delivery = mapping.stats;
            result.deliverySeconds = (System.nanoTime() - started) / 1e9;
        }
        result.rejected = faults.injected(WriteFaults.Fault.REJECT);
        result.lost = faults.injected(WriteFaults.Fault.LOST);
        result.throttled = faults.injected(WriteFaults.Fault.THROTTLE);
        // Every write that landed, as the bucket must list it: PUT versions by id; delete markers
        // counted per object (S3Mock, unlike S3, answers a delete with the id of the version it hid).
        Map<String, Integer> itemVersions = new TreeMap<>();
        for (WriteFaults.Written w : faults.written()) {
            if (w.key.contains("/_changes/") || w.key.contains("/_log/")) {
                result.changeLogsWritten++;
            } else if (!w.key.contains("/_")) {
                itemVersions.merge(w.delete ? w.key + " (delete markers)" : w.key + "@" + w.versionId, 1, Integer::sum);
                result.versionsWritten++;
            }
        }

        if (config.checkpoints > 0) {
            // One after delivery too, built on the others (mid-delivery ones may all be missing).
            buildCheckpoint(config, workload, bucket, table, workload.last().plusSeconds(1), result);
        }
        BackupRead read = BackupRead.of(new BackupLocation(bucket, PREFIX, table)).withConcurrency(16);
        BackupReader reader = read.reader(s3);
        List<Instant> points = restorePoints(workload, random, config.restorePoints);
        Map<String, Map<String, AttributeValue>> images = new ConcurrentHashMap<>();
        try (BackupView view = reader.open(BackupScope.all())) {
            Map<String, ItemTimeline> timelines = new TreeMap<>();
            for (Partition p : view.partitions()) {
                for (ItemTimeline t : view.read(p)) {
                    String key = t.key() == null ? "(no key) " + t.itemName() : modelKey(t.key());
                    if (timelines.put(key, t) != null) {
                        result.mismatches.add("two timelines for key " + key);
                    }
                }
            }
            checkHistories(workload, timelines, view, images, itemVersions, config, result);
            for (Instant t : points) {
                Map<String, String> actual = new TreeMap<>();
                for (Map.Entry<String, ItemTimeline> e : timelines.entrySet()) {
                    Change c = e.getValue().latestAt(t).orElse(null);
                    if (c != null && c.isPut()) {
                        actual.put(e.getKey(), Items.canonical(image(view, c, images)));
                    }
                }
                compare("state at " + t + " (reader)", Items.canonicalState(workload.stateAt(t)), actual, result);
                result.restorePoints++;
            }
        }
        if (config.checkpoints > 0) {
            checkFromCheckpoints(workload, reader, points, images, result);
        }
        // Its own random numbers, so the rest of a seed's run is the same with or without it.
        new ChangeWindowCheck(this, workload, s3, dynamoDb, result).run(read, new Random(config.seed ^ 0x3A3A3AL),
                config.windows);
        long restores = System.nanoTime();
        fullRestores(config, workload, read, points, random, result);
        result.restoreSeconds = (System.nanoTime() - restores) / 1e9;
        if (config.commandLine) {
            commandLine(config, workload, bucket, table, result);
        }
        if (config.checkpoints > 0 && config.lifecycle) {
            lifecycle(config, workload, bucket, table, reader, read, random, result);
        }
        result.seconds = (System.nanoTime() - started) / 1e9;
        return result;
    }

    /** A time in the workload's span (a second before its first change to two after its last), whole seconds. */
    private static Instant randomTime(StreamWorkload workload, Random random) {
        long from = workload.first().getEpochSecond() - 1;
        long to = workload.last().getEpochSecond() + 2;
        return Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from + 1)));
    }

    /** A checkpoint at {@code t0}, built the way the {@code checkpoint} command builds it (256 partition files). */
    private void buildCheckpoint(Config config, StreamWorkload workload, String bucket, String table, Instant t0,
            Result result) {
        BackupReader builder = BackupRead.of(new BackupLocation(bucket, PREFIX, table))
                .withWidth(PartitionWidth.P256).withConcurrency(16).reader(s3);
        if (builder.checkpoints().times().contains(t0.truncatedTo(ChronoUnit.SECONDS))) {
            return;
        }
        Set<String> segments = new java.util.HashSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX + "/" + table + "/_log/")).contents()
                .forEach(o -> segments.add(o.key()));
        try {
            CheckpointReport report = new CheckpointJob(builder, Clock.systemUTC()).run(table, t0, null, 4, Progress.none());
            if (report.exitCode() != 0) {
                result.mismatches.add("checkpoint at " + t0 + ": " + report.toHuman());
                return;
            }
            result.checkpointsBuilt++;
            segmentsBeforeBuild.put(table + "@" + t0.truncatedTo(ChronoUnit.SECONDS), segments);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every restore point read the way restore, snapshot and verify read it: from the newest
     * checkpoint at or before it (when there is one) plus the change logs after it, no listing.
     */
    private void checkFromCheckpoints(StreamWorkload workload, BackupReader reader, List<Instant> points,
            Map<String, Map<String, AttributeValue>> images, Result result) {
        for (Instant t : points) {
            try (BackupView view = reader.openAt(BackupScope.all(), t)) {
                Map<String, String> actual = new TreeMap<>();
                for (Partition p : view.partitions()) {
                    for (ItemTimeline item : view.read(p)) {
                        Change c = item.latestAt(t).orElse(null);
                        if (c != null && c.isPut()) {
                            String key = item.key() == null ? "(no key) " + item.itemName() : modelKey(item.key());
                            actual.put(key, Items.canonical(image(view, c, images)));
                        }
                    }
                }
                if (!view.problems().isEmpty()) {
                    result.mismatches.add("state at " + t + " from " + view.describeSource() + ": problems " + view.problems());
                }
                compare("state at " + t + " (from " + view.describeSource() + ")", Items.canonicalState(workload.stateAt(t)),
                        actual, result);
                if (view.checkpoint().isPresent()) {
                    result.pointsFromCheckpoint++;
                    result.lateLinesApplied += view.stats().checkpointLateLines();
                }
            }
        }
    }

    /**
     * What the retention lifecycle would delete, deleted: every checkpoint older than a kept one P
     * (built on an older checkpoint), and every object version that stopped being its object's
     * latest at or before P (S3's noncurrent versions older than the window; versions are timed here
     * by their change's stream time, the lag being zero). Then restores inside the window (at or
     * after P) must be exact, and restores before it refused.
     */
    private void lifecycle(Config config, StreamWorkload workload, String bucket, String table, BackupReader reader,
            BackupRead read,
            Random random, Result result) throws Exception {
        List<Instant> kept = reader.checkpoints().times();
        List<Instant> eligible = new ArrayList<>();
        for (Instant t : kept) {
            CheckpointManifest m = reader.checkpoints().manifest(t);
            if (m.previous() != null && kept.indexOf(t) > 0) {
                eligible.add(t);
            }
        }
        if (eligible.isEmpty()) {
            result.mismatches.add("lifecycle: no checkpoint built on an older one among " + kept);
            return;
        }
        Instant boundary = eligible.get(random.nextInt(eligible.size()));
        Map<String, ItemTimeline> timelines = new TreeMap<>();
        try (BackupView view = reader.open(BackupScope.all())) {
            for (Partition p : view.partitions()) {
                for (ItemTimeline t : view.read(p)) {
                    timelines.put(t.itemName(), t);
                }
            }
        }
        for (ItemTimeline t : timelines.values()) {
            Map<String, List<Change>> byObject = new TreeMap<>();
            t.changes().forEach(c -> byObject.computeIfAbsent(c.objectKey(), k -> new ArrayList<>()).add(c));
            for (List<Change> changes : byObject.values()) {
                for (int i = 0; i + 1 < changes.size(); i++) {
                    if (changes.get(i + 1).time().isAfter(boundary)) {
                        break;
                    }
                    Change expired = changes.get(i);
                    for (VersionEntry e : t.entries()) {
                        if (e.change() == expired && e.lastModified() != null && e.versionId() != null) {
                            s3.deleteObject(b -> b.bucket(bucket).key(e.objectKey()).versionId(e.versionId()));
                            result.versionsExpired++;
                        }
                    }
                }
            }
        }
        if (config.storageMode == StorageMode.LOG || config.switchTo == StorageMode.LOG) {
            result.versionsExpired += expireSegments(bucket, table, reader.checkpoints().manifest(boundary));
        }
        String checkpointRoot = PREFIX + "/" + table + "/_checkpoints/";
        for (Instant t : kept) {
            if (t.isBefore(boundary)) {
                String folder = checkpointRoot + dev.ddbbackup.layout.BackupLayout.checkpointFolderName(t) + "/";
                s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(folder)).forEach(page -> {
                    page.versions().forEach(v -> s3.deleteObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId())));
                    page.deleteMarkers().forEach(v -> s3.deleteObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId())));
                });
                result.checkpointsExpired++;
            }
        }
        if (result.versionsExpired == 0) {
            result.mismatches.add("lifecycle at " + boundary + ": nothing expired, the check would prove nothing");
        }
        String target = table + "-window";
        createTable(target);
        List<Instant> inside = new ArrayList<>(List.of(boundary, Instant.now()));
        while (inside.size() < 4) {
            inside.add(randomTime(workload, random).isBefore(boundary) ? boundary.plusSeconds(random.nextInt(5))
                    : randomTime(workload, random));
        }
        for (Instant t : inside) {
            RestoreReport report = new RestoreJob(s3, dynamoDb).run(new RestoreJobSpec(read, t, null, null, target, false,
                    false, false, true, false, false, 0), Segment.all(), PartitionGate.always());
            if (!report.ok() || report.checkpoint() == null) {
                result.mismatches.add("restore inside the window at " + t + " (window from " + boundary + "): "
                        + report.toHuman());
                continue;
            }
            compare("restore inside the window at " + t, Items.canonicalState(workload.stateAt(t)), scan(target), result);
            result.restoredInsideWindow++;
        }
        Instant outside = boundary.minusSeconds(1 + random.nextInt(5));
        RestoreReport refused = new RestoreJob(s3, dynamoDb).run(new RestoreJobSpec(read, outside, null, null, target, false,
                    false, false, true, false, false, 0), Segment.all(), PartitionGate.always());
        if (refused.outcome() != RestoreReport.Outcome.REFUSED || !refused.toHuman().contains("earliest restorable time, " + boundary)) {
            result.mismatches.add("restore outside the window at " + outside + " must be refused: " + refused.toHuman());
        } else {
            result.refusedOutsideWindow++;
        }
        if (config.commandLine) {
            Cli.Run cli = cli("restore", "--bucket", bucket, "--prefix", PREFIX, "--table", table, "--to", outside.toString(),
                    "--target-table", target, "--allow-delete-all");
            if (cli.exit != 2 || !(cli.out + cli.err).contains("earliest restorable time")) {
                result.mismatches.add("restore --to " + outside + " outside the window through the command line: " + cli);
            } else {
                result.refusedOutsideWindow++;
            }
        }
    }

    /**
     * Log mode's share of the lifecycle: every segment the checkpoint {@code p} holds entirely
     * (there before its build began, so the build read it, and no change in it later than its
     * time) deleted with all its versions, as an expiry older than the window would.
     */
    private int expireSegments(String bucket, String table, CheckpointManifest p) {
        int expired = 0;
        Set<String> read = segmentsBeforeBuild.getOrDefault(table + "@" + p.time(), Set.of());
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX + "/" + table + "/_log/")).contents()) {
            if (!read.contains(o.key())) {
                continue;
            }
            List<ChangeLogEntry> lines = LogSegment.decode(s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray());
            if (lines.stream().anyMatch(e -> e.approximateCreationTime().isAfter(p.time()))) {
                continue;
            }
            s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(o.key())).versions()
                    .forEach(v -> s3.deleteObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId())));
            expired++;
        }
        return expired;
    }

    /** Restore points: before the first change, exact change times (inclusive bounds), random instants, now. */
    private static List<Instant> restorePoints(StreamWorkload workload, Random random, int count) {
        List<Instant> points = new ArrayList<>();
        points.add(workload.first().minusSeconds(1));
        long from = workload.first().toEpochMilli() - 1000;
        long span = workload.last().toEpochMilli() + 2000 - from;
        while (points.size() < count - 1) {
            points.add(random.nextBoolean()
                    ? workload.changes().get(random.nextInt(workload.changes().size())).time
                    : Instant.ofEpochMilli(from + (long) (random.nextDouble() * span)));
        }
        points.add(Instant.now());
        return points;
    }

    /**
     * Each item's changes are the model's (eventID, action, tenant, time, sequence number), in
     * order, every PUT's image is the model's, every version written is in exactly one entry, and
     * no time came from anything but the change log.
     */
    private void checkHistories(StreamWorkload workload, Map<String, ItemTimeline> timelines, BackupView view,
            Map<String, Map<String, AttributeValue>> images, Map<String, Integer> itemVersions, Config config,
            Result result) {
        Map<String, Integer> seen = new TreeMap<>();
        for (String key : workload.keys()) {
            ItemTimeline t = timelines.get(key);
            if (t == null) {
                result.mismatches.add("history of " + key + ": no timeline");
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (StreamWorkload.Change c : workload.of(key)) {
                String when = c.time + " " + c.sequence;
                String oldTenant = config.multiTenancy ? c.oldTenant() : null;
                String newTenant = config.multiTenancy ? c.newTenant() : null;
                if (c.newImage == null) {
                    expected.add("DELETE " + c.eventId + " " + oldTenant + " " + when);
                    continue;
                }
                if (config.multiTenancy && oldTenant != null && !oldTenant.equals(newTenant)) {
                    expected.add("DELETE " + c.eventId + " " + oldTenant + " " + when);
                }
                expected.add("PUT " + c.eventId + " " + newTenant + " " + when);
            }
            List<String> actual = new ArrayList<>();
            for (Change c : t.changes()) {
                actual.add(c.action() + " " + c.eventId() + " " + c.tenant() + " " + c.time() + " " + c.sequence());
                if (c.origin() != Change.Origin.CHANGE_LOG || c.imageMissing() || c.deliveriesDiffer() != null) {
                    result.mismatches.add("history of " + key + ": " + c + (c.deliveriesDiffer() == null ? "" : " " + c.deliveriesDiffer()));
                }
            }
            if (!expected.equals(actual)) {
                result.mismatches.add("history of " + key + ":\n    expected " + expected + "\n    actual   " + actual);
            }
            List<StreamWorkload.Change> puts = workload.of(key).stream().filter(c -> c.newImage != null).toList();
            List<Change> putChanges = t.changes().stream().filter(Change::isPut).toList();
            for (int i = 0; i < Math.min(puts.size(), putChanges.size()); i++) {
                String want = Items.canonical(puts.get(i).newImage);
                String got = Items.canonical(image(view, putChanges.get(i), images));
                if (!want.equals(got)) {
                    result.mismatches.add("image of " + putChanges.get(i) + ":\n    expected " + want + "\n    actual   " + got);
                }
            }
            for (VersionEntry e : t.entries()) {
                if (e.lastModified() != null) {
                    seen.merge(e.deleteMarker() ? e.objectKey() + " (delete markers)" : e.objectKey() + "@" + e.versionId(),
                            1, Integer::sum);
                }
                if (e.status() == VersionEntry.Status.MISSING) {
                    result.mismatches.add("history of " + key + ": " + e);
                }
                if (e.status() == VersionEntry.Status.REDUNDANT) {
                    result.redundantEntries++;
                }
            }
            result.historiesChecked++;
        }
        if (!seen.equals(itemVersions)) {
            Map<String, String> differences = new TreeMap<>();
            Set<String> all = new java.util.TreeSet<>(seen.keySet());
            all.addAll(itemVersions.keySet());
            for (String v : all) {
                if (!java.util.Objects.equals(seen.get(v), itemVersions.get(v))) {
                    differences.put(v, "written " + itemVersions.get(v) + ", in histories " + seen.get(v));
                }
            }
            result.mismatches.add("every version written must be in exactly one history entry: " + differences);
        }
    }

    /** Restores with {@link RestoreJob} into one table, each over the previous one's result; one tenant alone. */
    private void fullRestores(Config config, StreamWorkload workload, BackupRead read,
            List<Instant> points, Random random, Result result) throws Exception {
        String target = read.table() + "-restored";
        createTable(target);
        List<Instant> chosen = new ArrayList<>();
        chosen.add(points.get(points.size() - 1));
        chosen.add(points.get(0));
        while (chosen.size() < config.fullRestores) {
            chosen.add(points.get(1 + random.nextInt(points.size() - 2)));
        }
        chosen.add(points.get(points.size() - 1));
        for (Instant t : chosen) {
            RestoreReport report = new RestoreJob(s3, dynamoDb).run(new RestoreJobSpec(read, t, null, null, target, false,
                    false, false, true, false, false, 0), Segment.all(), PartitionGate.always());
            if (!report.ok()) {
                result.mismatches.add("full restore at " + t + ": " + report.toHuman());
            }
            compare("full restore at " + t + " (" + report.counts().total().puts() + " put, " + report.counts().total().deletes() + " deleted)",
                    Items.canonicalState(workload.stateAt(t)), scan(target), result);
            result.fullRestores++;
        }
        if (config.multiTenancy) {
            Instant t = points.get(1 + random.nextInt(points.size() - 2));
            String tenantTarget = read.table() + "-acme";
            createTable(tenantTarget);
            new RestoreJob(s3, dynamoDb).run(new RestoreJobSpec(read, t, "acme", null, tenantTarget, false,
                    false, false, true, false, false, 0), Segment.all(), PartitionGate.always());
            Map<String, Map<String, AttributeValue>> ofTenant = new TreeMap<>();
            workload.stateAt(t).forEach((k, v) -> {
                if (v.get(StreamWorkload.TENANT).s().equals("acme")) {
                    ofTenant.put(k, v);
                }
            });
            compare("tenant acme restored at " + t, Items.canonicalState(ofTenant), scan(tenantTarget), result);
            result.fullRestores++;
        }
    }

    /** {@code history --json} of the hottest key and {@code restore --to now}, through the command line. */
    private void commandLine(Config config, StreamWorkload workload, String bucket, String table, Result result) {
        String key = "{\"pk\":{\"S\":\"key-0\"},\"sk\":{\"N\":\"0\"}}";
        Cli.Run history = cli("history", "--bucket", bucket, "--prefix", PREFIX, "--table", table, "--key", key, "--json");
        if (history.exit != 0) {
            result.mismatches.add("history through the command line: " + history);
        } else {
            List<String> applied = new ArrayList<>();
            history.json().forEach(row -> {
                if (row.get("status").asText().equals("applied")) {
                    applied.add(row.get("action").asText() + " " + row.get("eventId").asText());
                }
                if (!row.get("origin").asText().equals("change-log") && !row.get("status").asText().equals("redundant")) {
                    result.mismatches.add("history row not from the change log: " + row);
                }
            });
            List<String> expected = new ArrayList<>();
            for (StreamWorkload.Change c : workload.of("key-0|0")) {
                boolean moved = config.multiTenancy && c.oldImage != null && c.newImage != null
                        && !c.oldTenant().equals(c.newTenant());
                if (c.newImage == null || moved) {
                    expected.add("DELETE " + c.eventId);
                }
                if (c.newImage != null) {
                    expected.add("PUT " + c.eventId);
                }
            }
            if (!expected.equals(applied)) {
                result.mismatches.add("history --json of key-0:\n    expected " + expected + "\n    actual   " + applied);
            }
        }
        String target = table + "-cli";
        createTable(target);
        Cli.Run restore = cli("restore", "--bucket", bucket, "--prefix", PREFIX, "--table", table, "--to", "now",
                "--target-table", target, "--no-progress");
        if (restore.exit != 0) {
            result.mismatches.add("restore --to now through the command line: " + restore);
        } else {
            compare("restore --to now (command line)", Items.canonicalState(workload.stateAt(Instant.now())), scan(target), result);
        }
    }

    /** A command line against this run's servers. */
    private Cli.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", s3Endpoint.toString(), "--dynamodb-endpoint", dynamoDbEndpoint.toString(),
                "--region", "us-east-1"));
        LocalServers.credentialsForCommandLines();
        return Cli.run(all.toArray(new String[0]));
    }

    static void compare(String what, Map<String, String> expected, Map<String, String> actual, Result result) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder s = new StringBuilder(what).append(": ");
        Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        int shown = 0;
        for (String k : keys) {
            String e = expected.get(k);
            String a = actual.get(k);
            if (!java.util.Objects.equals(e, a) && shown++ < 5) {
                s.append("\n    ").append(k).append(": expected ").append(e).append("\n    ").append(" ".repeat(k.length()))
                        .append("  actual   ").append(a);
            }
        }
        result.mismatches.add(s.toString());
    }

    private Map<String, AttributeValue> image(BackupView view, Change put, Map<String, Map<String, AttributeValue>> cache) {
        // A log line's image has no version: its event names it.
        return cache.computeIfAbsent(put.objectKey() + "@" + (put.versionId() != null ? put.versionId() : put.eventId()),
                k -> DynamoJson.parseSdkItem(view.image(put)));
    }

    Map<String, String> scan(String table) {
        Map<String, String> out = new TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> out.put(StreamWorkload.key(item), Items.canonical(item)));
        return out;
    }

    static String modelKey(ItemKey key) {
        return key.get("pk").text() + "|" + key.get("sk").text();
    }

    void createTable(String name) {
        dynamoDb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
    }
}
