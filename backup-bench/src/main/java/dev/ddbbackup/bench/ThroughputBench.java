package dev.ddbbackup.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.bench.probe.StreamBatch;
import dev.ddbbackup.bench.probe.StreamBatch.KeyMix;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.VersionMetadata;
import java.time.Instant;
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
        Samples.Collector<Integer> handler = new Samples.Collector<>();
        Samples.Collector<Integer> raw = new Samples.Collector<>();
        rounds(plan.rounds, String.format("sweep %s items, %d records", size(itemBytes), n), measured -> {
            for (int c : plan.concurrencies) {
                Batch batch = batch(n, itemBytes, KeyMix.UNIFORM);
                double h = n / runHandler(bucket, c, batch.event);
                double r = n / PutLoad.concurrent(servers.s3(c), bucket, batch.puts, c);
                if (measured) {
                    handler.add(c, h);
                    raw.add(c, r);
                }
            }
        });
        return plan.concurrencies.stream().map(c -> new SweepPoint(c, handler.get(c), raw.get(c))).toList();
    }

    /**
     * The three contenders on one batch shape, round by round, in a bucket of its own: S3Mock
     * rewrites a bucket's key index under one lock on every PUT of a new key, so its PUT rate falls
     * as a bucket fills, whoever writes.
     */
    Comparison compare(int records, int itemBytes, KeyMix mix, int rawConcurrency) throws Exception {
        Samples.Collector<String> rates = new Samples.Collector<>();
        int seqPuts = Math.min(records, plan.sequentialCap);
        String bucket = servers.newBucket();
        rounds(plan.roundsFor(records), String.format("%,d records of %s, %s keys", records,
                size(itemBytes), mix.label), measured -> {
            Batch batch = batch(records, itemBytes, mix);
            double h = records / runHandler(bucket, plan.handlerConcurrency, batch.event);
            double r = records / PutLoad.concurrent(servers.s3(rawConcurrency), bucket, batch.puts, rawConcurrency);
            double s = seqPuts / PutLoad.sequential(servers.s3(1), bucket, batch.puts.subList(0, seqPuts));
            if (measured) {
                rates.add("handler", h);
                rates.add("raw", r);
                rates.add("sequential", s);
            }
        });
        return new Comparison(records, itemBytes, mix, rawConcurrency, rates.get("handler"), rates.get("raw"),
                rates.get("sequential"), seqPuts);
    }

    /** One round of a measurement: every contender once; {@code measured} is false in the warm-up rounds. */
    @FunctionalInterface
    private interface Round {
        void run(boolean measured) throws Exception;
    }

    /** The unmeasured rounds, then the measured ones, each announced as a round of {@code what}. */
    private void rounds(BenchPlan.Rounds plan, String what, Round round) throws Exception {
        int rounds = plan.warmups() + plan.runs();
        for (int i = 0; i < rounds; i++) {
            boolean measured = i >= plan.warmups();
            progress.accept(String.format("%s: round %d/%d%s", what, i + 1, rounds, measured ? "" : " (warm-up)"));
            round.run(measured);
        }
    }

    /** Seconds the handler takes for the batch; a batch with failed records fails the benchmark. */
    private double runHandler(String bucket, int concurrency, DynamodbEvent event) {
        BackupHandler handler = handlers.computeIfAbsent(bucket + "/" + concurrency,
                k -> servers.function(bucket, concurrency));
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
            puts.add(new PutLoad.Put("raw/" + BenchServers.TABLE + "/" + StreamBatch.keyName(keys[i]),
                    DynamoJson.eventItemToBytes(r.getDynamodb().getNewImage()), VersionMetadata.of(r.getEventName(),
                            r.getEventID(), r.getDynamodb().getSequenceNumber(), Instant.parse("2026-11-20T10:00:00Z"))));
        }
        return new Batch(event, puts);
    }

    static String size(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }

    private record Batch(DynamodbEvent event, List<PutLoad.Put> puts) {
    }
}
