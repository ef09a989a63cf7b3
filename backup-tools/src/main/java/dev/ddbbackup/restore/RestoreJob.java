package dev.ddbbackup.restore;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.layout.TableDescriptionJson;
import dev.ddbbackup.state.PartitionRunner;
import dev.ddbbackup.state.PartitionWalk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Brings a table to the state of a backup at a point in time: for every item in scope, the image
 * of its last change at or before the time is PUT; items absent at that time (deleted, or created
 * later) are DELETEd.
 *
 * <p>In two phases, so that nothing is written from data that has not been checked. <b>Check</b>
 * ({@link RestoreCheck}, on the {@link dev.ddbbackup.state.PartitionWalk}): partition by partition
 * (a few at a time, image GETs in parallel), every image to put is read and checked ({@link BackupView#checkedImage}: DynamoDB JSON, the key its object is named after, the
 * key of the target table) and the writes are spooled to a local file; problems are collected.
 * Then the restore stops (versions missing, bad objects, unreadable change-log lines: unless the
 * request allows leaving those items out), refuses (a target with another key schema; deleting
 * items while putting none, unless allowed), or, in a dry run, reports. <b>Write</b>: the spooled
 * writes go out as parallel BatchWriteItem calls of 25. Local disk holds the restored items once.
 */
public record RestoreJob(S3Client s3, DynamoDbClient dynamoDb, boolean progress, int partitionConcurrency,
        int writeConcurrency) {

    /** Images fetched at once per partition (more than a snapshot's: a restore checks every image before writing). */
    private static final int WINDOW = 256;

    /** S3 requests the backup reader keeps in flight at most, whatever the job's concurrency. */
    private static final int MAX_READER_CONCURRENCY = 64;

    public RestoreJob(S3Client s3, DynamoDbClient dynamoDb) {
        this(s3, dynamoDb, false, 4, 16);
    }

    /** The same engine with a progress bar on stderr. */
    public RestoreJob withProgress(boolean progress) {
        return new RestoreJob(s3, dynamoDb, progress, partitionConcurrency, writeConcurrency);
    }

    /** The same engine listing and planning this many partitions at once (memory holds about this many). */
    public RestoreJob withPartitionConcurrency(int partitions) {
        return new RestoreJob(s3, dynamoDb, progress, partitions, writeConcurrency);
    }

    /**
     * Restores {@code segment}'s partitions of the job. {@code gate} is asked before each partition
     * is started: a restore bounded in time (a Lambda invocation) leaves the partitions it refuses,
     * and the report's partitions done name the ones restored.
     */
    public RestoreReport run(RestoreJobSpec request, Segment segment, PartitionGate gate) throws InterruptedException {
        // The image GETs have their own pool of the job's concurrency; listings and change-log reads at most 64.
        BackupReader reader = request.backup().withConcurrency(Math.min(request.backup().concurrency(),
                MAX_READER_CONCURRENCY)).reader(s3);
        long start = System.nanoTime();
        RestoreTally report = new RestoreTally(request.table(), request.targetTable(), request.time(), request.dryRun());
        Optional<Instant> earliest = reader.earliestRestorable();
        if (earliest.isPresent() && request.time().isBefore(earliest.get())) {
            report.end(RestoreReport.Outcome.REFUSED, request.time() + " is before the earliest restorable time, "
                    + earliest.get() + ": the backup's history before it is expired by its retention (the oldest"
                    + " checkpoint kept, or now less the retention its checkpoints record). Restore to "
                    + earliest.get() + " or later");
            report.duration = Duration.ofNanos(System.nanoTime() - start);
            return report.report();
        }
        BatchWriter writer = new BatchWriter(dynamoDb, request.targetTable(),
                WriteRateLimiter.of(segment.share(request.maxWcu())));
        ExecutorService writePool = Tasks.daemonPool("restore-write", writeConcurrency);
        try (BackupView view = reader.openAt(segment.scope(request.scope()), request.time());
                WriteSpool planned = new WriteSpool()) {
            report.timeSource = view.timeSource().cliName();
            report.checkpoint = view.checkpoint().map(m -> m.time()).orElse(null);
            report.readFrom = view.describeSource();
            report.partitions = view.partitions().size();
            report.partitionIds = view.partitions().stream().map(Partition::id).toList();
            Optional<TableDescriptionJson.Stored> description = description(view, request, report);
            KeySchema target = description == null ? null : targetSchema(request, description, report);
            List<Partition> inScope = List.of();
            if (report.outcome() == null) {
                RestoreCheck check = new RestoreCheck(request, report, planned, target);
                PartitionWalk walk = new PartitionWalk(view, request.time(), request.backup().concurrency(), target)
                        .window(WINDOW);
                if (!request.targetIsNew()) {
                    walk = walk.resolvingAbsentKeys();
                }
                // The gate is asked before a partition is checked; the ones it refuses are neither
                // checked nor written (a time-bounded worker hands them back).
                try (RestoreProgressBar bar = progress
                        ? RestoreProgressBar.create("Check", view.partitions().size()) : null) {
                    walk.run(partitionConcurrency, thread -> check.visitor(), () -> step(bar), gate);
                }
                RestoreCheck.Outcome checked = check.outcome();
                inScope = checked.checked();
                view.problems().forEach(p -> {
                    if (!report.problems().contains(p)) {
                        report.problem(p);
                    }
                });
                planned.seal();
                decide(request, report, checked);
                if (report.outcome() == RestoreReport.Outcome.DRY_RUN) {
                    inScope.forEach(p -> report.partitionsDone.add(p.id()));
                }
            }
            if (report.outcome() == null) {
                if (request.createTable()) {
                    TableCreator.create(dynamoDb, description.orElseThrow(), request.targetTable());
                }
                Write write = new Write(planned, writer, writePool);
                try (RestoreProgressBar bar = progress ? RestoreProgressBar.create("Write", inScope.size()) : null) {
                    PartitionRunner.run("restore-partition", inScope, partitionConcurrency, PartitionGate.always(),
                            thread -> p -> {
                                write.partition(p);
                                report.partitionsDone.add(p.id());
                            }, () -> step(bar));
                }
                report.end(RestoreReport.Outcome.RESTORED, leftOutMessage(report));
            }
            report.readerStats = view.stats();
        } finally {
            writePool.shutdownNow();
        }
        report.writeUnits = writer.writeUnits();
        report.batchCalls = writer.calls();
        report.batchRetries = writer.retries();
        report.duration = Duration.ofNanos(System.nanoTime() - start);
        return report.report();
    }

    private static void step(RestoreProgressBar bar) {
        if (bar != null) {
            bar.step();
        }
    }

    /** The backup's {@code _table.json} (empty when it has none); null when the restore ended here. */
    private static Optional<TableDescriptionJson.Stored> description(BackupView view, RestoreJobSpec request,
            RestoreTally report) {
        try {
            Optional<TableDescriptionJson.Stored> d = view.tableDescription();
            if (request.createTable() && d.isEmpty()) {
                report.end(RestoreReport.Outcome.REFUSED, "The backup has no _table.json to create " + request.targetTable()
                        + " from: create it yourself and restore into it");
                return null;
            }
            return d;
        } catch (BackupDataException e) {
            e.problems().forEach(report::problem);
            if (request.createTable() || !request.skipBadObjects()) {
                report.end(RestoreReport.Outcome.STOPPED, e.getMessage() + (request.createTable() ? ""
                        : ". Add --skip-bad-objects to restore without it (keys are then checked against the target table)"));
                return null;
            }
            return Optional.empty();
        }
    }

    /**
     * The target's key schema, compared with the backup's before anything is read: a restore into a
     * table with another key would fail half-way (or write items under keys nobody asked for).
     * Null when the target does not exist (a dry run) or the restore ended here.
     */
    private KeySchema targetSchema(RestoreJobSpec request, Optional<TableDescriptionJson.Stored> description,
            RestoreTally report) {
        KeySchema backup = description.map(KeySchema::of).orElse(null);
        TableDescription table;
        try {
            table = dynamoDb.describeTable(b -> b.tableName(request.targetTable())).table();
        } catch (ResourceNotFoundException e) {
            if (request.createTable() || request.dryRun()) {
                return backup;
            }
            report.end(RestoreReport.Outcome.REFUSED, "Target table " + request.targetTable()
                    + " does not exist (--create-table creates it from the backup's _table.json)");
            return null;
        }
        if (request.createTable()) {
            report.end(RestoreReport.Outcome.REFUSED, "Table " + request.targetTable()
                    + " already exists; --create-table only creates new tables");
            return null;
        }
        KeySchema target = KeySchema.of(table.keySchema(), table.attributeDefinitions());
        if (backup != null && !backup.sameAs(target)) {
            report.end(RestoreReport.Outcome.REFUSED, "The target table " + request.targetTable() + " has the key "
                    + target + ", the backup's table (_table.json) has " + backup + ": restore into a table with the"
                    + " backup's key schema (--create-table makes one)");
            return null;
        }
        return target;
    }

    /** After the check: stop, refuse, or go on (outcome left unset). */
    private static void decide(RestoreJobSpec request, RestoreTally report, RestoreCheck.Outcome checked) {
        if (checked.schemaMismatch().isPresent()) {
            report.end(RestoreReport.Outcome.REFUSED, checked.schemaMismatch().get());
            return;
        }
        long missing = report.count(BackupProblem.Kind.MISSING_VERSION);
        long bad = report.problems().size() - missing;
        if (missing > 0 && !request.allowMissingVersions()) {
            report.end(RestoreReport.Outcome.STOPPED, missing + " object versions the change log names (in force at "
                    + request.time() + ") are not in the bucket (a lifecycle rule, a person, or a server that did not list"
                    + " them). Nothing was written. --allow-missing-versions restores everything else and leaves these"
                    + " items untouched (never deleted)");
            return;
        }
        if (bad > 0 && !request.skipBadObjects()) {
            report.end(RestoreReport.Outcome.STOPPED, bad + " objects or change-log lines in the backup cannot be used."
                    + " Nothing was written. --skip-bad-objects restores everything else and leaves these items untouched");
            return;
        }
        long puts = report.total.puts.get();
        long deletes = report.total.deletes.get();
        if (puts == 0 && deletes > 0 && !request.allowDeleteAll()) {
            report.end(RestoreReport.Outcome.REFUSED, "This restore would put no item and delete every item of the"
                    + " backup in scope from " + request.targetTable() + " (" + deletes + " deletes): nothing in scope"
                    + " existed at " + request.time() + ". Add --allow-delete-all if that is what you want");
            return;
        }
        if (request.dryRun()) {
            report.end(RestoreReport.Outcome.DRY_RUN, leftOutMessage(report));
        }
    }

    /** The warning when items were left out because of problems; null when none were. */
    private static String leftOutMessage(RestoreTally report) {
        return report.itemsSkipped.get() == 0 && report.problems().isEmpty() ? null
                : report.itemsSkipped.get() + " items were left untouched because of the problems listed";
    }

    /** The write phase: one partition's spooled writes as BatchWriteItem calls of 25. */
    private record Write(WriteSpool planned, BatchWriter writer, ExecutorService writePool) {

        void partition(Partition partition) {
            List<Future<?>> batches = new ArrayList<>();
            List<BatchWriter.Write> batch = new ArrayList<>(BatchWriter.MAX_BATCH);
            planned.forEach(partition.id(), write -> {
                batch.add(write.toWrite());
                if (batch.size() == BatchWriter.MAX_BATCH) {
                    batches.add(submit(new ArrayList<>(batch)));
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                batches.add(submit(new ArrayList<>(batch)));
            }
            Tasks.awaitAll(batches);
        }

        private Future<?> submit(List<BatchWriter.Write> batch) {
            return writePool.submit(() -> {
                writer.writeBatch(batch);
                return null;
            });
        }
    }
}
