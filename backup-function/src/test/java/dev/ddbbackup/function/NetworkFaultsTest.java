package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.SHORT;
import static dev.ddbbackup.function.StreamBatches.failures;
import static dev.ddbbackup.function.StreamBatches.interleaved;
import static dev.ddbbackup.function.StreamBatches.redelivery;
import static dev.ddbbackup.function.StreamBatches.seq;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.aws.Timeouts;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LambdaContext;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.NetworkProxy;
import dev.ddbbackup.testing.NetworkProxy.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The function writing to S3 across a network that resets connections, stalls responses and
 * refuses connections (through {@link NetworkProxy} to the embedded S3Mock), with the production
 * client limits ({@link Timeouts#function()}). Transient faults are retried inside the client;
 * when the Lambda deadline comes first, the function returns before it with no call in flight
 * and reports exactly the first unwritten record of each key.
 */
class NetworkFaultsTest extends ProxiedBucketFixture {

    NetworkFaultsTest() {
        super("faults-");
    }

    private BackupHandler handler(S3Client s3, BatchProcessor.TimeBudget time) {
        return functionHandler(s3).time(time).build();
    }

    @Test
    void connectionsResetMidResponseAreRetriedAndEveryRecordIsWritten() {
        proxy.conditions(Conditions.resets(0.15, 20));
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 40, 3);
        StreamsEventResponse response = handler(functionClient(), BatchProcessor.TimeBudget.lambda())
                .handleRequest(Events.event(records), LambdaContext.withTimeout(Duration.ofSeconds(120)));
        assertThat(failures(response)).isEmpty();
        assertThat(proxy.stats().resets.get()).as("connections reset").isPositive();
        // A reset after S3 stored a PUT loses only its answer: the retry writes it again.
        bucket.assertCompleteAndOrdered(records);
    }

    @Test
    void responsesStalledPastTheAttemptTimeoutAreAbandonedAndRetried() {
        proxy.conditions(Conditions.stalls(0.05, 20, Duration.ofSeconds(60)));
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 40, 3);
        long started = System.nanoTime();
        StreamsEventResponse response = handler(functionClient(), BatchProcessor.TimeBudget.lambda())
                .handleRequest(Events.event(records), LambdaContext.withTimeout(Duration.ofSeconds(120)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failures(response)).isEmpty();
        assertThat(proxy.stats().stalls.get()).as("responses stalled").isPositive();
        assertThat(took).as("a stalled attempt is abandoned after 5 s, not after the 60 s stall")
                .isGreaterThanOrEqualTo(Timeouts.function().attempt()).isLessThan(Duration.ofSeconds(60));
        bucket.assertCompleteAndOrdered(records);
    }

    @Test
    void connectionsRefusedForAMomentAreRetried() {
        S3Client s3 = functionClient();
        proxy.refuseConnections();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(proxy::acceptConnections, 200, TimeUnit.MILLISECONDS);
        try {
            List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 30, 2);
            StreamsEventResponse response = handler(s3, BatchProcessor.TimeBudget.lambda())
                    .handleRequest(Events.event(records), LambdaContext.withTimeout(Duration.ofSeconds(120)));
            assertThat(failures(response)).isEmpty();
            bucket.assertExactHistory(records);
        } finally {
            timer.shutdownNow();
        }
    }

    /** Lambda redelivers what the function reported, S3 answering again: every change lands, in order. */
    private void assertTheRedeliveryCompletesTheHistory(List<DynamodbStreamRecord> records, StreamsEventResponse response) {
        StreamsEventResponse again = handler(functionClient(), SHORT)
                .handleRequest(Events.event(redelivery(records, response)), LambdaContext.withTimeout(Duration.ofSeconds(60)));
        assertThat(failures(again)).isEmpty();
        bucket.assertCompleteAndOrdered(records);
    }

    @Test
    void whenS3StopsAnsweringTheFunctionReturnsBeforeItsDeadlineAndReportsEveryKeyAtItsFirstRecord() {
        proxy.conditions(Conditions.stalls(1.0, 0, null));
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 20, 5);
        LambdaContext context = LambdaContext.withTimeout(Duration.ofSeconds(6));

        StreamsEventResponse response = handler(functionClient(), SHORT).handleRequest(Events.event(records), context);

        assertThat(context.untilDeadline()).as("time left when the function returned").isPositive();
        assertThat(inFlight.now()).as("S3 calls still in flight").isZero();
        assertThat(failures(response)).containsExactlyInAnyOrderElementsOf(
                records.subList(0, 20).stream().map(StreamBatches::seq).toList());
        proxy.conditions(Conditions.none());
        assertTheRedeliveryCompletesTheHistory(records, response);
    }

    @Test
    void withTheLambdaBudgetItemWritesEndTenSecondsBeforeTheDeadline() {
        proxy.conditions(Conditions.stalls(1.0, 0, null));
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 10, 2);
        LambdaContext context = LambdaContext.withTimeout(Duration.ofSeconds(14));

        StreamsEventResponse response = handler(functionClient(), BatchProcessor.TimeBudget.lambda())
                .handleRequest(Events.event(records), context);

        assertThat(context.untilDeadline()).as("time left when the function returned (items end 10 s before)")
                .isGreaterThan(Duration.ofSeconds(8)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(inFlight.now()).isZero();
        assertThat(failures(response)).hasSize(10);
    }

    @Test
    void whenS3StopsAnsweringPartWayEachKeyIsReportedAtExactlyItsFirstUnwrittenRecord() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 20, 5);
        // After 15 PUTs have been answered, S3 stops answering until the items' time is up.
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean recovered = new AtomicBoolean();
        ExecutionInterceptor stallAfter15 = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest && answered.incrementAndGet() == 15) {
                    synchronized (recovered) {
                        if (!recovered.get()) {
                            proxy.conditions(Conditions.stalls(1.0, 0, null));
                        }
                    }
                }
            }
        };
        LambdaContext context = LambdaContext.withTimeout(Duration.ofSeconds(12));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        // The network recovers when the items' time is up (3 s before the deadline), in time for the change log.
        timer.schedule(() -> {
            synchronized (recovered) {
                recovered.set(true);
                proxy.conditions(Conditions.none());
            }
        }, context.untilDeadline().minus(SHORT.afterItems()).toMillis(), TimeUnit.MILLISECONDS);
        StreamsEventResponse response;
        try {
            response = handler(functionClient(stallAfter15), SHORT).handleRequest(Events.event(records), context);
        } finally {
            timer.shutdownNow();
        }

        assertThat(context.untilDeadline()).as("time left when the function returned").isPositive();
        assertThat(inFlight.now()).as("S3 calls still in flight").isZero();
        Set<String> reported = new HashSet<>(failures(response));
        assertThat(reported).as("some keys were cut short").isNotEmpty();
        List<ChangeLogEntry> logged = bucket.changeLog("Orders");
        Set<String> loggedEvents = new HashSet<>();
        logged.forEach(e -> loggedEvents.add(e.eventId()));
        assertThat(logged).as("the change log holds the answered writes (those answered before S3 stopped)")
                .hasSizeGreaterThanOrEqualTo(15).hasSizeLessThan(records.size());
        Map<String, List<DynamodbStreamRecord>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(bucket.objectKey(r), k -> new ArrayList<>()).add(r));
        byKey.forEach((key, keyRecords) -> {
            int first = -1;
            for (int i = 0; i < keyRecords.size(); i++) {
                if (!loggedEvents.contains(keyRecords.get(i).getEventID())) {
                    first = i;
                    break;
                }
            }
            List<String> stored = bucket.puts(key).stream().map(p -> p.metadata().get("sequence-number")).toList();
            if (first < 0) {
                assertThat(keyRecords).as("%s: written in full, not reported", key).noneMatch(r -> reported.contains(seq(r)));
                return;
            }
            List<String> reportedOfKey = keyRecords.stream().map(StreamBatches::seq).filter(reported::contains).toList();
            assertThat(reportedOfKey).as("%s: reported at its first unwritten record", key)
                    .containsExactly(seq(keyRecords.get(first)));
            List<String> before = keyRecords.subList(0, first).stream().map(StreamBatches::seq).toList();
            List<String> upToIt = keyRecords.subList(0, first + 1).stream().map(StreamBatches::seq).toList();
            // The record in flight when S3 stopped answering may have been stored, once per attempt:
            // its answers were lost.
            assertThat(stored).as("%s: versions stored", key).isSubsetOf(upToIt);
            if (!before.isEmpty()) {
                assertThat(stored).as("%s: versions stored", key).containsSubsequence(before);
            }
        });

        assertTheRedeliveryCompletesTheHistory(records, response);
    }

    @Test
    void whenConnectionsAreRefusedThroughoutTheFunctionReportsEveryKeyAndReturnsInTime() {
        S3Client s3 = functionClient();
        proxy.refuseConnections();
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 10, 3);
        LambdaContext context = LambdaContext.withTimeout(Duration.ofSeconds(6));

        StreamsEventResponse response = handler(s3, SHORT).handleRequest(Events.event(records), context);

        assertThat(context.untilDeadline()).isPositive();
        assertThat(inFlight.now()).isZero();
        assertThat(failures(response)).containsExactlyInAnyOrderElementsOf(
                records.subList(0, 10).stream().map(StreamBatches::seq).toList());
        assertThat(LocalS3.keysUnder(direct, bucketName, "bk/")).isEmpty();
    }
}
