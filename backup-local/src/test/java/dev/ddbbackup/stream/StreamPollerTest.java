package dev.ddbbackup.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.observability.JsonLog;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * The poller against DynamoDB Local's real stream, with a handler that records what it is given
 * and answers as scripted: the partial-batch contract, whole-batch retries, shard lineage.
 */
class StreamPollerTest {

    private AmazonDynamoDBLocal local;
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;
    private String streamArn;

    @BeforeEach
    void createTable() {
        local = DynamoDBEmbedded.create();
        dynamoDb = local.dynamoDbClient();
        streams = local.dynamoDbStreamsClient();
        streamArn = dev.ddbbackup.local.Workload.createTable(dynamoDb, "PollerTable");
    }

    @AfterEach
    void shutdown() {
        local.shutdown();
    }

    /** Records every delivery; answers with the scripted function of the batch. */
    private static final class ScriptedHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        final List<List<String>> deliveries = new ArrayList<>();
        private final Function<List<String>, StreamsEventResponse> script;

        ScriptedHandler(Function<List<String>, StreamsEventResponse> script) {
            this.script = script;
        }

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            List<String> seqs = new ArrayList<>();
            event.getRecords().forEach(r -> seqs.add(r.getDynamodb().getSequenceNumber()));
            deliveries.add(seqs);
            return script.apply(seqs);
        }

        List<String> distinctInOrder() {
            List<String> out = new ArrayList<>();
            deliveries.forEach(d -> d.forEach(s -> {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }));
            return out;
        }
    }

    private static StreamsEventResponse ok() {
        return new StreamsEventResponse(new ArrayList<>());
    }

    private static StreamsEventResponse fail(String... seqs) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (String s : seqs) {
            failures.add(new StreamsEventResponse.BatchItemFailure(s));
        }
        return new StreamsEventResponse(failures);
    }

    /** Fails, in every delivery, the record at {@code index} of the first batch. */
    private static ScriptedHandler poisoned(int index) {
        List<String> poisoned = new ArrayList<>();
        return new ScriptedHandler(batch -> {
            if (poisoned.isEmpty()) {
                poisoned.add(batch.get(index));
            }
            return fail(poisoned.get(0));
        });
    }

    private void write(int changes) {
        for (int i = 0; i < changes; i++) {
            int n = i;
            dynamoDb.putItem(b -> b.tableName("PollerTable").item(Map.of(
                    "orderId", AttributeValue.fromS("o-" + (n % 3)),
                    "line", AttributeValue.fromN("1"),
                    "v", AttributeValue.fromN(Integer.toString(n + (int) (Math.random() * 1000) * 100)))));
        }
    }

    private StreamPoller poller(ScriptedHandler handler, int batchSize, int maxRetries) {
        return poller(handler, batchSize, maxRetries, StreamPositions.inMemory(streamArn));
    }

    private StreamPoller poller(ScriptedHandler handler, int batchSize, int maxRetries, StreamPositions positions) {
        return new StreamPoller(streams, positions, handler, new PollerOptions(batchSize, Duration.ZERO, maxRetries,
                Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofMillis(5), false), JsonLog.discard());
    }

    private List<String> delivered(ScriptedHandler handler) {
        List<String> all = new ArrayList<>();
        handler.deliveries.forEach(all::addAll);
        return all;
    }

    private static boolean ascending(List<String> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (new BigInteger(seqs.get(i - 1)).compareTo(new BigInteger(seqs.get(i))) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void partialFailureRedeliversFromTheLowestReportedRecord() throws Exception {
        write(30);
        List<String> failedOnce = new ArrayList<>();
        ScriptedHandler handler = new ScriptedHandler(batch -> {
            if (batch.size() >= 12 && failedOnce.isEmpty()) {
                failedOnce.add(batch.get(11));
                failedOnce.add(batch.get(5));
                // Two failures reported: the poller must resume from the lower one.
                return fail(batch.get(11), batch.get(5));
            }
            return ok();
        });
        StreamPoller poller = poller(handler, 20, -1);
        poller.drain(Duration.ofSeconds(30));

        List<String> first = handler.deliveries.get(0);
        List<String> second = handler.deliveries.get(1);
        assertThat(first).hasSize(20);
        assertThat(second.get(0)).as("re-delivery starts at the lowest failed record").isEqualTo(failedOnce.get(1));
        assertThat(second).doesNotContainAnyElementsOf(first.subList(0, 5));
        assertThat(handler.distinctInOrder()).hasSize(30);
        assertThat(ascending(handler.distinctInOrder())).isTrue();
        assertThat(poller.stats().recordsDelivered()).isEqualTo(30);
        assertThat(poller.stats().failedInvocations()).isEqualTo(1);
    }

    @Test
    void aFunctionErrorRetriesTheWholeBatchAndAnUnknownIdentifierToo() throws Exception {
        write(10);
        int[] calls = {0};
        ScriptedHandler handler = new ScriptedHandler(batch -> {
            calls[0]++;
            if (calls[0] == 1) {
                throw new IllegalStateException("function crashed");
            }
            if (calls[0] == 2) {
                return fail("12345");
            }
            return ok();
        });
        StreamPoller poller = poller(handler, 100, -1);
        poller.drain(Duration.ofSeconds(30));
        assertThat(handler.deliveries).hasSize(3);
        assertThat(handler.deliveries.get(1)).isEqualTo(handler.deliveries.get(0));
        assertThat(handler.deliveries.get(2)).isEqualTo(handler.deliveries.get(0));
        assertThat(poller.stats().recordsDelivered()).isEqualTo(10);
    }

    @Test
    void givingUpStopsThePollerInsteadOfSkippingRecords() {
        write(5);
        ScriptedHandler handler = poisoned(2);
        StreamPoller poller = poller(handler, 100, 2);
        assertThatThrownBy(() -> poller.drain(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no record was skipped");
        assertThat(poller.stats().recordsDelivered()).isEqualTo(2);
        assertThat(handler.deliveries).hasSize(3);
    }

    @Test
    void readsAParentShardToItsEndBeforeItsChild() throws Exception {
        write(12);
        local.triggerShardRollovers();
        write(12);
        var shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        assertThat(shards).as("DynamoDB Local split the shard").hasSizeGreaterThan(1);
        assertThat(shards).anyMatch(s -> s.parentShardId() != null);

        ScriptedHandler handler = new ScriptedHandler(batch -> ok());
        StreamPoller poller = poller(handler, 5, -1);
        poller.drain(Duration.ofSeconds(30));
        List<String> delivered = new ArrayList<>();
        handler.deliveries.forEach(delivered::addAll);
        assertThat(delivered).hasSize(24);
        assertThat(ascending(delivered)).as("parent's records all come before the child's").isTrue();
        assertThat(poller.stats().shardsFinished()).isPositive();
    }

    @Test
    void aSecondRunGoesOnAfterTheLastRecordDoneAndFromTrimHorizonReadsEverything(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("positions.json");
        write(7);
        ScriptedHandler first = new ScriptedHandler(batch -> ok());
        poller(first, 3, -1, StreamPositions.load(streamArn, file, JsonLog.discard())).drain(Duration.ofSeconds(30));
        assertThat(delivered(first)).hasSize(7);
        assertThat(Files.readString(file)).contains(streamArn, delivered(first).get(6));

        write(5);
        ScriptedHandler second = new ScriptedHandler(batch -> ok());
        StreamPositions saved = StreamPositions.load(streamArn, file, JsonLog.discard());
        assertThat(saved.resuming()).isTrue();
        StreamPoller resumed = poller(second, 3, -1, saved);
        resumed.drain(Duration.ofSeconds(30));
        assertThat(delivered(second)).as("only the records written since").hasSize(5)
                .doesNotContainAnyElementsOf(delivered(first));
        assertThat(resumed.stats().recordsRead()).isEqualTo(5);

        ScriptedHandler replay = new ScriptedHandler(batch -> ok());
        poller(replay, 3, -1, StreamPositions.fresh(streamArn, file)).drain(Duration.ofSeconds(30));
        assertThat(delivered(replay)).hasSize(12);
    }

    @Test
    void aRecordTheFunctionFailedIsDeliveredAgainByTheNextRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("positions.json");
        write(6);
        ScriptedHandler failing = poisoned(3);
        StreamPoller stopped = poller(failing, 100, 0, StreamPositions.load(streamArn, file, JsonLog.discard()));
        assertThatThrownBy(() -> stopped.drain(Duration.ofSeconds(30))).hasMessageContaining("no record was skipped");
        List<String> all = failing.deliveries.get(0);

        ScriptedHandler next = new ScriptedHandler(batch -> ok());
        poller(next, 100, -1, StreamPositions.load(streamArn, file, JsonLog.discard())).drain(Duration.ofSeconds(30));
        assertThat(delivered(next)).as("the failed record and everything after it, nothing before")
                .containsExactlyElementsOf(all.subList(3, 6));
    }

    @Test
    void positionsSavedForAnotherStreamAreIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("positions.json");
        write(4);
        poller(new ScriptedHandler(batch -> ok()), 100, -1, StreamPositions.load(streamArn, file, JsonLog.discard()))
                .drain(Duration.ofSeconds(30));
        assertThat(StreamPositions.load(streamArn, file, JsonLog.discard()).resuming()).isTrue();
        String recreated = "arn:aws:dynamodb:ddblocal:000000000000:table/PollerTable/stream/2026-12-08T00:00:00.000";
        assertThat(StreamPositions.load(recreated, file, JsonLog.discard()).resuming()).isFalse();
    }
}
