package dev.ddbbackup.restore;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.TableDescriptionJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Brings a table to the state of a backup at a point in time: for every item in scope, the image
 * of its last change at or before the time is PUT; items absent at that time (deleted, or created
 * later) are DELETEd. Partitions are processed a few at a time; within one, image GETs run in
 * parallel and the writes go out as parallel BatchWriteItem calls of 25.
 */
public final class RestoreJob {

    private final BackupReader reader;
    private final DynamoDbClient dynamoDb;

    public RestoreJob(BackupReader reader, DynamoDbClient dynamoDb) {
        this.reader = reader;
        this.dynamoDb = dynamoDb;
    }

    public RestoreReport run(RestoreRequest request, String sourceTable) throws InterruptedException {
        long start = System.nanoTime();
        RestoreReport report = new RestoreReport(sourceTable, request.targetTable, request.time, request.dryRun);
        BatchWriter writer = new BatchWriter(dynamoDb, request.targetTable, WriteRateLimiter.of(request.maxWcu));
        ExecutorService partitionPool = Tasks.daemonPool("restore-partition", request.partitionConcurrency);
        ExecutorService getPool = Tasks.daemonPool("restore-get", request.getConcurrency);
        ExecutorService writePool = Tasks.daemonPool("restore-write", request.writeConcurrency);
        try (BackupView view = reader.open(request.scope);
             RestoreProgressBar bar = request.progress ? RestoreProgressBar.create(view.partitions().size()) : null) {
            report.timeSource = view.timeSource().cliName();
            report.partitions = view.partitions().size();
            report.partitionIds = view.partitions().stream().map(Partition::id).toList();
            KeySchema keySchema = new KeySchema(view, request.targetTable, sourceTable);
            List<Future<?>> partitions = new ArrayList<>();
            for (Partition p : view.partitions()) {
                partitions.add(partitionPool.submit(() -> {
                    if (!request.gate.tryStart(p)) {
                        return null;
                    }
                    new PartitionRestore(view, request, report, writer, getPool, writePool, keySchema).run(p);
                    report.partitionsDone.add(p.id());
                    if (bar != null) {
                        bar.step(report.total.puts.get() + " put, " + report.total.deletes.get() + " deleted");
                    }
                    return null;
                }));
            }
            Tasks.awaitAll(partitions);
            report.readerStats = view.stats();
        } finally {
            partitionPool.shutdownNow();
            getPool.shutdownNow();
            writePool.shutdownNow();
        }
        report.writeUnits = writer.writeUnits();
        report.batchCalls = writer.calls();
        report.batchRetries = writer.retries();
        report.duration = Duration.ofNanos(System.nanoTime() - start);
        return report;
    }

    /** Restores one partition. */
    private static final class PartitionRestore {
        private final BackupView view;
        private final RestoreRequest request;
        private final RestoreReport report;
        private final BatchWriter writer;
        private final ExecutorService getPool;
        private final ExecutorService writePool;
        private final KeySchema keySchema;

        PartitionRestore(BackupView view, RestoreRequest request, RestoreReport report, BatchWriter writer,
                ExecutorService getPool, ExecutorService writePool, KeySchema keySchema) {
            this.view = view;
            this.request = request;
            this.report = report;
            this.writer = writer;
            this.getPool = getPool;
            this.writePool = writePool;
            this.keySchema = keySchema;
        }

        void run(Partition partition) throws InterruptedException {
            List<Future<BatchWriter.Write>> writes = new ArrayList<>();
            for (ItemTimeline item : view.read(partition)) {
                Optional<Change> latest = item.latestAt(request.time);
                if (latest.isPresent() && latest.get().isPut()) {
                    count(latest.get().tenant(), true);
                    if (!request.dryRun) {
                        Change put = latest.get();
                        writes.add(getPool.submit(() -> putOf(put)));
                    }
                } else if (latest.isPresent() && latest.get().movedOut()) {
                    report.total.movedOut.incrementAndGet();
                    report.tenant(latest.get().tenant()).movedOut.incrementAndGet();
                } else if (request.targetIsNew) {
                    report.deletesSkippedEmptyTarget.incrementAndGet();
                } else {
                    String tenant = latest.map(Change::tenant).orElse(item.changes().isEmpty() ? null
                            : item.changes().get(item.changes().size() - 1).tenant());
                    if (request.dryRun) {
                        count(tenant, false);
                    } else {
                        writes.add(getPool.submit(() -> deleteOf(item, tenant)));
                    }
                }
            }
            List<BatchWriter.Write> batch = new ArrayList<>(BatchWriter.MAX_BATCH);
            List<Future<?>> batches = new ArrayList<>();
            for (Future<BatchWriter.Write> f : writes) {
                BatchWriter.Write w = Tasks.get(f);
                if (w == null) {
                    continue;
                }
                batch.add(w);
                if (batch.size() == BatchWriter.MAX_BATCH) {
                    batches.add(submitBatch(batch));
                    batch = new ArrayList<>(BatchWriter.MAX_BATCH);
                }
            }
            if (!batch.isEmpty()) {
                batches.add(submitBatch(batch));
            }
            Tasks.awaitAll(batches);
        }

        private Future<?> submitBatch(List<BatchWriter.Write> batch) {
            return writePool.submit(() -> {
                writer.writeBatch(batch);
                return null;
            });
        }

        private BatchWriter.Write putOf(Change put) {
            Map<String, AttributeValue> item = ItemImages.toItem(view.image(put));
            report.imagesFetched.incrementAndGet();
            return new BatchWriter.Write(WriteRequest.builder().putRequest(p -> p.item(item)).build(),
                    ItemSize.writeUnits(item));
        }

        private BatchWriter.Write deleteOf(ItemTimeline item, String tenant) {
            ItemKey key = item.key();
            if (key == null) {
                Optional<Change> newest = item.newestPut();
                if (newest.isEmpty()) {
                    report.unknownKeys.incrementAndGet();
                    return null;
                }
                report.imagesFetched.incrementAndGet();
                key = ItemImages.keyOf(ItemImages.toItem(view.image(newest.get())), keySchema.get());
            }
            count(tenant, false);
            Map<String, AttributeValue> keyMap = DynamoJson.sdkKeyMap(key);
            return new BatchWriter.Write(WriteRequest.builder().deleteRequest(d -> d.key(keyMap)).build(), 1);
        }

        private void count(String tenant, boolean put) {
            RestoreReport.Counts t = report.tenant(tenant);
            (put ? report.total.puts : report.total.deletes).incrementAndGet();
            (put ? t.puts : t.deletes).incrementAndGet();
        }
    }

    /** The key schema, needed only to find the key of a deleted item no change-log line names. */
    private final class KeySchema {
        private final BackupView view;
        private final String target;
        private final String source;
        private volatile List<String> names;

        KeySchema(BackupView view, String target, String source) {
            this.view = view;
            this.target = target;
            this.source = source;
        }

        synchronized List<String> get() {
            if (names == null) {
                names = view.tableDescription().map(TableDescriptionJson.Stored::keySchema)
                        .orElseGet(() -> describe(TableCreator.exists(dynamoDb, target) ? target : source));
            }
            return names;
        }

        private List<String> describe(String table) {
            return TableDescriptionJson.keyOrder(dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema());
        }
    }
}
