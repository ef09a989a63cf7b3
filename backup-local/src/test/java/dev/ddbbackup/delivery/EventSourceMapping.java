package dev.ddbbackup.delivery;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.stream.LambdaEventEncoder;
import dev.ddbbackup.stream.LocalContext;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Lambda's event source mapping for a DynamoDB stream, with the faults it lets through: batches of
 * varying size per shard, each handed to the real {@link BackupHandler} as the Lambda Java runtime
 * deserialises it; a partial batch response moves the shard's checkpoint to the lowest reported
 * sequence number and delivers everything from there again (records of other keys that were
 * already written included); a reported sequence number outside the batch retries the whole batch;
 * and a whole batch can be delivered again after it succeeded (a lost response, a timeout after the
 * work was done). S3 faults come from {@link WriteFaults}, drawn per invocation.
 */
final class EventSourceMapping {

    /** What happened, for the test's report. */
    static final class Stats {
        int invocations;
        int partlyFailed;
        int redeliveredRecords;
        int batchesDeliveredTwice;
        int faultyInvocations;
    }

    private volatile BackupHandler handler;
    private final WriteFaults faults;
    private final String streamArn;
    private final Random random;
    private final int maxBatch;
    private final LambdaEventEncoder encoder = new LambdaEventEncoder();
    final Stats stats = new Stats();
    /** Called after every invocation (the delivery-fault model builds checkpoints there, mid-delivery). */
    private Runnable afterInvocation = () -> { };

    EventSourceMapping(BackupHandler handler, WriteFaults faults, String streamArn, Random random, int maxBatch) {
        this.handler = handler;
        this.faults = faults;
        this.streamArn = streamArn;
        this.random = random;
        this.maxBatch = maxBatch;
    }

    /** The function redeployed (another configuration): the next invocations go to it, from where delivery stands. */
    void redeploy(BackupHandler handler) {
        this.handler = handler;
    }

    EventSourceMapping afterInvocation(Runnable action) {
        this.afterInvocation = action;
        return this;
    }

    /** Delivers every shard until each is checkpointed at its end, shards interleaved at random. */
    void deliverAll(StreamWorkload workload) {
        int shards = workload.shards();
        List<List<StreamWorkload.Change>> records = new ArrayList<>();
        int[] checkpoint = new int[shards];
        int[] faultyInARow = new int[shards];
        for (int s = 0; s < shards; s++) {
            records.add(workload.shard(s));
        }
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                if (checkpoint[s] < records.get(s).size()) {
                    open.add(s);
                }
            }
            if (open.isEmpty()) {
                return;
            }
            int s = open.get(random.nextInt(open.size()));
            List<StreamWorkload.Change> shard = records.get(s);
            int size = 1 + random.nextInt(random.nextInt(4) == 0 ? maxBatch : Math.max(1, maxBatch / 4));
            List<StreamWorkload.Change> batch = shard.subList(checkpoint[s], Math.min(shard.size(), checkpoint[s] + size));
            // Faults in about half the invocations; never more than three in a row on a shard, so it progresses.
            WriteFaults.Rates rates = faultyInARow[s] < 3 && random.nextBoolean() ? randomRates() : WriteFaults.Rates.NONE;
            faultyInARow[s] = rates.any() ? faultyInARow[s] + 1 : 0;
            stats.faultyInvocations += rates.any() ? 1 : 0;
            int invocation = ++stats.invocations;
            faults.invocation(invocation, rates);
            StreamsEventResponse response = handler.handleRequest(encoder.encode(toRecords(batch), streamArn),
                    new LocalContext("invocation-" + invocation, 900_000));
            afterInvocation.run();
            if (response.getBatchItemFailures().isEmpty()) {
                if (random.nextInt(10) == 0) {
                    stats.batchesDeliveredTwice++;
                    stats.redeliveredRecords += batch.size();
                } else {
                    checkpoint[s] += batch.size();
                }
                continue;
            }
            stats.partlyFailed++;
            BigInteger lowest = null;
            for (StreamsEventResponse.BatchItemFailure f : response.getBatchItemFailures()) {
                BigInteger seq = new BigInteger(f.getItemIdentifier());
                lowest = lowest == null || seq.compareTo(lowest) < 0 ? seq : lowest;
            }
            int from = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).sequence.equals(lowest)) {
                    from = i;
                }
            }
            stats.redeliveredRecords += batch.size() - from;
            checkpoint[s] += from;
        }
    }

    private WriteFaults.Rates randomRates() {
        return new WriteFaults.Rates(random.nextDouble() * 0.2, random.nextDouble() * 0.08, random.nextDouble() * 0.02,
                random.nextInt(3) == 0 ? 0.5 : 0.05, random.nextInt(4) == 0 ? 0.5 : 0.02);
    }

    private static List<Record> toRecords(List<StreamWorkload.Change> batch) {
        List<Record> out = new ArrayList<>(batch.size());
        for (StreamWorkload.Change c : batch) {
            StreamRecord.Builder d = StreamRecord.builder()
                    .approximateCreationDateTime(c.time)
                    .keys(c.keys)
                    .sequenceNumber(c.sequence.toString())
                    .sizeBytes(100L)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
            if (c.newImage != null) {
                d.newImage(c.newImage);
            }
            if (c.oldImage != null) {
                d.oldImage(c.oldImage);
            }
            Record.Builder r = Record.builder().eventID(c.eventId).eventName(OperationType.fromValue(c.eventName))
                    .eventVersion("1.1").eventSource("aws:dynamodb").awsRegion("us-east-1").dynamodb(d.build());
            if (c.ttl) {
                r.userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build());
            }
            out.add(r.build());
        }
        return out;
    }
}
