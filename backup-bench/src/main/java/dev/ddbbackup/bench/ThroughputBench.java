package dev.ddbbackup.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.bench.probe.StreamBatch;
import dev.ddbbackup.bench.probe.StreamBatch.KeyMix;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real {@link BackupHandler} on synthetic stream batches, side by side with the same PUTs
 * made without it: from N threads (raw PUT capacity) and one at a time (a sequential writer).
 * Within a round the contenders run one after the other on the same servers, so a slow moment of
 * this shared machine hits all of them; only their ratios are claimed.
 */
final class ThroughputBench {

    /** The handler and raw PUTs at one concurrency: records (PUTs) per second. */
    record SweepPoint(int concurrency, Samples handler, Samples raw) {
    }

    /** One batch shape: handler at its default concurrency, raw PUTs at the best swept concurrency, sequential. */
    record Comparison(int records, int itemBytes, KeyMix mix, int rawConcurrency, Samples handler, Samples raw,
            Samples sequential, int sequentialPuts) {

        double handlerVsRaw() {
            return handler.median() / raw.median();
        }

        double handlerVsSequential() {
            return handler.median() / sequential.median();
        }
    }

    private final BenchServers servers;
    private final BenchPlan plan;
    private final Consumer<String> progress;
    private final Map<String, BackupHandler> handlers = new HashMap<>();
    private long sequence = 100_000_000_000L;

    ThroughputBench(BenchServers servers, BenchPlan plan, Consumer<String> progress) {
        this.servers = servers;
        this.plan = plan;
        this.progress = progress;
    }

    /** Records/s of the handler (WriteConcurrency = c) and of raw PUTs (c threads) for every swept c. */
    List<SweepPoint> sweep(int itemBytes) throws Exception {
        int n = plan.sweepRecords;
        String bucket = servers.newBucket();
        Map<Integer, List<Double>> handler = new HashMap<>();
        Map<Integer, List<Double>> raw = new HashMap<>();
        int rounds = plan.warmups + plan.runs;
        for (int round = 0; round < rounds; round++) {
            boolean measured = round >= plan.warmups;
            progress.accept(String.format("sweep %s items, %d records: round %d/%d%s", size(itemBytes), n, round + 1,
                    rounds, measured ? "" : " (warm-up)"));
            for (int c : plan.concurrencies) {
                Batch batch = batch(n, itemBytes, KeyMix.UNIFORM);
                double h = n / runHandler(bucket, c, batch.event);
                double r = n / PutLoad.concurrent(servers.s3(c), bucket, batch.puts, c);
                if (measured) {
                    handler.computeIfAbsent(c, k -> new ArrayList<>()).add(h);
                    raw.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<SweepPoint> points = new ArrayList<>();
        for (int c : plan.concurrencies) {
            points.add(new SweepPoint(c, Samples.of(handler.get(c)), Samples.of(raw.get(c))));
        }
        return points;
    }

    /**
     * The three contenders on one batch shape, round by round, in a bucket of its own: S3Mock
     * rewrites a bucket's key index under one lock on every PUT of a new key, so its PUT rate falls
     * as a bucket fills, whoever writes.
     */
    Comparison compare(int records, int itemBytes, KeyMix mix, int rawConcurrency) throws Exception {
        List<Double> handler = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> sequential = new ArrayList<>();
        int seqPuts = Math.min(records, plan.sequentialCap);
        String bucket = servers.newBucket();
        int warmups = plan.warmupsFor(records);
        int rounds = warmups + plan.runsFor(records);
        for (int round = 0; round < rounds; round++) {
            boolean measured = round >= warmups;
            progress.accept(String.format("%,d records of %s, %s keys: round %d/%d%s", records, size(itemBytes),
                    mix.label, round + 1, rounds, measured ? "" : " (warm-up)"));
            Batch batch = batch(records, itemBytes, mix);
            double h = records / runHandler(bucket, plan.handlerConcurrency, batch.event);
            double r = records / PutLoad.concurrent(servers.s3(rawConcurrency), bucket, batch.puts, rawConcurrency);
            double s = seqPuts / PutLoad.sequential(servers.s3(1), bucket, batch.puts.subList(0, seqPuts));
            if (measured) {
                handler.add(h);
                raw.add(r);
                sequential.add(s);
            }
        }
        return new Comparison(records, itemBytes, mix, rawConcurrency, Samples.of(handler), Samples.of(raw),
                Samples.of(sequential), seqPuts);
    }

    /** Seconds the handler takes for the batch; a batch with failed records fails the benchmark. */
    private double runHandler(String bucket, int concurrency, DynamodbEvent event) {
        BackupHandler handler = handlers.computeIfAbsent(bucket + "/" + concurrency, k -> new BackupHandler(
                BackupConfig.builder().bucket(bucket).writeConcurrency(concurrency).build(),
                servers.s3(concurrency), servers::dynamoDb, JsonLog.discard(), EmfMetrics.discard()));
        long start = System.nanoTime();
        StreamsEventResponse response = handler.handleRequest(event, null);
        double seconds = Samples.secondsSince(start);
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("The handler failed " + response.getBatchItemFailures().size() + " records");
        }
        return seconds;
    }

    /** A fresh batch (new sequence numbers) and the PUTs the baselines make for it. */
    private Batch batch(int records, int itemBytes, KeyMix mix) {
        int[] keys = StreamBatch.keyIndexes(records, mix, 42);
        DynamodbEvent event = new StreamBatch(BenchServers.TABLE, itemBytes, sequence).event(keys);
        sequence += records;
        List<PutLoad.Put> puts = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            DynamodbStreamRecord r = event.getRecords().get(i);
            Map<String, String> metadata = Map.of(
                    "event-name", r.getEventName(),
                    "event-id", r.getEventID(),
                    "sequence-number", r.getDynamodb().getSequenceNumber(),
                    "approximate-creation-time", "2026-11-20T10:00:00Z");
            puts.add(new PutLoad.Put("raw/" + BenchServers.TABLE + "/" + StreamBatch.keyName(keys[i]),
                    DynamoJson.eventItemToBytes(r.getDynamodb().getNewImage()), metadata));
        }
        return new Batch(event, puts);
    }

    static String size(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }

    private record Batch(DynamodbEvent event, List<PutLoad.Put> puts) {
    }
}
