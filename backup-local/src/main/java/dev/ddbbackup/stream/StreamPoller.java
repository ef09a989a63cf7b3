package dev.ddbbackup.stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.observability.JsonLog;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a DynamoDB stream and invokes a stream handler the way Lambda's event source mapping
 * does: parents before children, each shard in order, batches of up to {@code batchSize} records
 * gathered for at most the batching window, and partial batch responses honoured — records
 * before the lowest reported sequence number are done, everything from it is delivered again
 * after a backoff. A record is never skipped: when retries run out the poller stops with an error.
 * After every batch the position of the last record done is saved ({@link StreamPositions}), and
 * a shard with a saved position is read after it, so a poller started again goes on from there.
 *
 * <p>Single-threaded across shards: the handler is itself concurrent across keys, and a table on
 * DynamoDB Local has one shard. It is a local and laptop tool; production is Lambda.
 */
public final class StreamPoller {

    /** DescribeStream is rate-limited (10 calls a second per account): list shards only this often. */
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final StreamPositions positions;
    /** Whether this run goes on from saved positions: then a shard without one is worth a log line. */
    private final boolean resumed;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final PollerOptions options;
    private final JsonLog log;
    private final LambdaEventEncoder encoder = new LambdaEventEncoder();
    private final PollerStats stats = new PollerStats();

    private final Map<String, ShardState> states = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private List<ShardInfo> shards = new ArrayList<>();
    private Instant shardsListedAt = Instant.MIN;
    private int finishedAtListing;
    private volatile boolean stopRequested;

    public StreamPoller(DynamoDbStreamsClient streams, StreamPositions positions,
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler, PollerOptions options, JsonLog log) {
        this.streams = streams;
        this.streamArn = positions.streamArn();
        this.positions = positions;
        this.resumed = positions.resuming();
        this.handler = handler;
        this.options = options;
        this.log = log;
    }

    public PollerStats stats() {
        return stats;
    }

    /** Asks {@link #run} to return after the batch in progress. */
    public void stop() {
        stopRequested = true;
    }

    /** Clears a previous {@link #stop}, so the poller can run or drain again. */
    public void resume() {
        stopRequested = false;
    }

    /** Polls until {@link #stop} is called (or the thread is interrupted). */
    public void run() throws InterruptedException {
        while (!stopRequested && !Thread.currentThread().isInterrupted()) {
            if (!pass()) {
                Thread.sleep(options.pollInterval().toMillis());
            }
        }
    }

    /**
     * Polls until everything written to the stream so far has been delivered: every shard read to
     * its current end with nothing pending, twice in a row.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void drain(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int quietPasses = 0;
        while (quietPasses < 2) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The stream was not drained within " + timeout);
            }
            boolean progress = pass();
            quietPasses = !progress && caughtUp() ? quietPasses + 1 : 0;
            if (!progress) {
                Thread.sleep(options.pollInterval().toMillis());
            }
        }
    }

    /** One round over the ready shards; true if anything was read or delivered. */
    boolean pass() throws InterruptedException {
        refreshShards();
        boolean progress = false;
        for (ShardInfo shard : ShardLineage.ready(shards, finished)) {
            ShardState state = states.computeIfAbsent(shard.shardId(), id -> start(shard));
            progress |= fill(state);
            if (shouldDeliver(state)) {
                deliver(state);
                progress = true;
            }
            if (state.pending.isEmpty() && state.endReached) {
                finished.add(shard.shardId());
                states.remove(shard.shardId());
                stats.shardsFinished.incrementAndGet();
                progress = true;
            }
            if (stopRequested) {
                break;
            }
        }
        return progress;
    }

    /** A shard met for the first time: read after its saved position if it has one. */
    private ShardState start(ShardInfo shard) {
        ShardState state = new ShardState(shard);
        state.lastFetchedSequence = positions.after(shard.shardId());
        if (state.lastFetchedSequence != null) {
            log.info("Resuming the shard after its saved position", "shardId", shard.shardId(),
                    "afterSequenceNumber", state.lastFetchedSequence);
        } else if (resumed) {
            log.info("The shard has no saved position: reading it from TRIM_HORIZON", "shardId", shard.shardId());
        }
        return state;
    }

    private boolean caughtUp() {
        for (ShardInfo shard : ShardLineage.ready(shards, finished)) {
            ShardState s = states.get(shard.shardId());
            if (s == null || !s.pending.isEmpty() || !s.lastReadEmpty) {
                return false;
            }
        }
        return true;
    }

    /** Lists the shards every few seconds, or at once when a shard has finished (its children may be ready). */
    private void refreshShards() {
        if (Instant.now().isBefore(shardsListedAt.plus(SHARD_REFRESH)) && finished.size() == finishedAtListing) {
            return;
        }
        shardsListedAt = Instant.now();
        finishedAtListing = finished.size();
        List<ShardInfo> listed = new ArrayList<>();
        String start = null;
        do {
            String exclusiveStart = start;
            DescribeStreamResponse r = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
            r.streamDescription().shards().forEach(shard -> listed.add(ShardInfo.of(shard)));
            start = r.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        shards = listed;
        for (String gone : positions.retainListed(listed.stream().map(ShardInfo::shardId).toList())) {
            log.warn("A shard with a saved position is gone from the stream (trimmed after 24 hours): forgotten",
                    "shardId", gone);
        }
    }

    /** Reads records into the shard's buffer, up to one batch's worth. */
    private boolean fill(ShardState s) {
        boolean read = false;
        while (!s.endReached && s.pending.size() < options.batchSize()) {
            GetRecordsResponse r;
            try {
                r = streams.getRecords(b -> b.shardIterator(iterator(s)).limit(1000));
            } catch (ExpiredIteratorException e) {
                s.iterator = null;
                continue;
            } catch (TrimmedDataAccessException e) {
                log.error("Stream records were trimmed before they were read: changes older than 24 hours are lost"
                        + " for this shard", "shardId", s.shard.shardId(), "error", e);
                s.iterator = null;
                s.lastFetchedSequence = null;
                s.trimmed = true;
                continue;
            } catch (ResourceNotFoundException e) {
                s.endReached = true;
                break;
            }
            for (Record record : r.records()) {
                if (s.pending.isEmpty()) {
                    s.firstPendingAt = Instant.now();
                }
                s.pending.add(record);
                s.lastFetchedSequence = record.dynamodb().sequenceNumber();
                stats.recordsRead.incrementAndGet();
            }
            s.iterator = r.nextShardIterator();
            s.endReached = s.iterator == null;
            s.lastReadEmpty = r.records().isEmpty();
            read |= !r.records().isEmpty();
            if (r.records().isEmpty()) {
                break;
            }
        }
        return read;
    }

    private String iterator(ShardState s) {
        if (s.iterator == null) {
            ShardIteratorType type;
            String after = s.lastFetchedSequence;
            if (after != null) {
                type = ShardIteratorType.AFTER_SEQUENCE_NUMBER;
            } else if (options.startAtLatest() && !s.trimmed) {
                type = ShardIteratorType.LATEST;
            } else {
                type = ShardIteratorType.TRIM_HORIZON;
            }
            s.iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(s.shard.shardId())
                    .shardIteratorType(type).sequenceNumber(after)).shardIterator();
        }
        return s.iterator;
    }

    private boolean shouldDeliver(ShardState s) {
        if (s.pending.isEmpty() || Instant.now().isBefore(s.notBefore)) {
            return false;
        }
        return s.pending.size() >= options.batchSize() || s.endReached || s.lastReadEmpty
                && !Instant.now().isBefore(s.firstPendingAt.plus(options.batchingWindow()));
    }

    private void deliver(ShardState s) throws InterruptedException {
        List<Record> batch = s.pending.stream().limit(options.batchSize()).toList();
        if (s.attempts > 0) {
            stats.redeliveredRecords.addAndGet(batch.size());
        }
        stats.invocations.incrementAndGet();
        BigInteger retryFrom;
        try {
            DynamodbEvent event = encoder.encode(batch, streamArn);
            StreamsEventResponse response = handler.handleRequest(event, new LocalContext(900_000));
            retryFrom = lowestFailure(response, batch);
        } catch (RuntimeException e) {
            // A function error: Lambda retries the whole batch.
            log.error("The function failed; the whole batch will be delivered again", "shardId", s.shard.shardId(),
                    "error", e);
            retryFrom = sequence(batch.get(0));
        }
        int done = 0;
        String lastDone = null;
        Instant now = Instant.now();
        for (Record r : batch) {
            if (retryFrom != null && sequence(r).compareTo(retryFrom) >= 0) {
                break;
            }
            s.pending.removeFirst();
            done++;
            lastDone = r.dynamodb().sequenceNumber();
            if (r.dynamodb().approximateCreationDateTime() != null) {
                long lag = Duration.between(r.dynamodb().approximateCreationDateTime(), now).toMillis();
                stats.maxStreamLagMillis.accumulateAndGet(lag, Math::max);
            }
        }
        stats.recordsDelivered.addAndGet(done);
        if (lastDone != null) {
            // Only records the function reported done: a failed one is read again by the next run.
            positions.acknowledge(s.shard.shardId(), lastDone);
        }
        if (retryFrom == null) {
            s.attempts = 0;
            s.notBefore = Instant.MIN;
            if (!s.pending.isEmpty()) {
                s.firstPendingAt = Instant.now();
            }
            return;
        }
        stats.failedInvocations.incrementAndGet();
        s.attempts++;
        if (options.maxRetries() >= 0 && s.attempts > options.maxRetries()) {
            throw new IllegalStateException("Giving up on shard " + s.shard.shardId() + " at sequence number " + retryFrom
                    + " after " + options.maxRetries() + " retries; no record was skipped, restart to resume");
        }
        s.notBefore = Instant.now().plus(options.backoff(s.attempts));
        log.warn("Batch partly failed; delivering again from the lowest failed record", "shardId", s.shard.shardId(),
                "retryFrom", retryFrom.toString(), "attempt", s.attempts, "written", done);
    }

    /**
     * The lowest reported sequence number, or null on success. An identifier that is not a
     * record of the batch makes Lambda retry the whole batch; so does this.
     */
    private static BigInteger lowestFailure(StreamsEventResponse response, List<Record> batch) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return null;
        }
        Set<String> inBatch = batch.stream().map(r -> r.dynamodb().sequenceNumber()).collect(Collectors.toSet());
        BigInteger lowest = null;
        for (StreamsEventResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            String id = f.getItemIdentifier();
            if (id == null || !inBatch.contains(id)) {
                return sequence(batch.get(0));
            }
            BigInteger seq = new BigInteger(id);
            lowest = lowest == null || seq.compareTo(lowest) < 0 ? seq : lowest;
        }
        return lowest;
    }

    private static BigInteger sequence(Record r) {
        return new BigInteger(r.dynamodb().sequenceNumber());
    }

    /** Reading position and undelivered records of one shard. */
    private static final class ShardState {
        final ShardInfo shard;
        final Deque<Record> pending = new ArrayDeque<>();
        String iterator;
        String lastFetchedSequence;
        boolean endReached;
        boolean lastReadEmpty;
        boolean trimmed;
        int attempts;
        Instant firstPendingAt = Instant.now();
        Instant notBefore = Instant.MIN;

        ShardState(ShardInfo shard) {
            this.shard = shard;
        }
    }
}
