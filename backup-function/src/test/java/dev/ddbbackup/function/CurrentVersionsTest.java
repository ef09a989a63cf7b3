package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.interleaved;
import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.FaultInjector;
import dev.ddbbackup.testing.LambdaContext;
import dev.ddbbackup.testing.NetworkProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The current version is the newest change: a PUT attempt the function abandoned (the attempt
 * timeout) and the server completes after the key's later writes would leave an older change as
 * the object's current version; the function finds it before the batch ends and writes the newest
 * change again. A batch without retries sends not one request more than the writes themselves.
 * Through {@link NetworkProxy} to the embedded S3Mock, with the production client limits.
 */
class CurrentVersionsTest extends ProxiedBucketFixture {

    private final Calls calls = new Calls();

    CurrentVersionsTest() {
        super("current-");
    }

    private BackupHandler handler(ExecutionInterceptor... extra) {
        ExecutionInterceptor[] more = new ExecutionInterceptor[extra.length + 1];
        more[0] = calls;
        System.arraycopy(extra, 0, more, 1, extra.length);
        return functionHandler(functionClient(more)).build();
    }

    @Test
    void aBatchWithoutRetriesSendsOnlyItsWrites() {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 20, 3, false);
        StreamsEventResponse response = handler()
                .handleRequest(Events.event(records), LambdaContext.withTimeout(Duration.ofSeconds(120)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        // One PUT per record, one change log, the versioning check: nothing else, at the SDK and on the wire.
        assertThat(calls.byType()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PutObjectRequest", records.size() + 1, "GetBucketVersioningRequest", 1));
        assertThat(proxy.stats().responses.get()).as("HTTP exchanges through the proxy")
                .isEqualTo(inFlight.started()).isEqualTo(records.size() + 2);
        assertThat(logged("currentVersionsChecked")).isZero();
        bucket.assertExactHistory(records);
    }

    /**
     * Writes retried after attempts that never reached S3 (a 503 before sending) are checked and
     * found current: nothing is written again, deletes included (S3Mock answers a DELETE with
     * another version id than its marker's; a marker on top is what a REMOVE asks for).
     */
    @Test
    void retriedWritesThatLeftNothingBehindAreCheckedAndNotWrittenAgain() {
        FaultInjector faults = new FaultInjector().failRandomly(
                r -> r instanceof PutObjectRequest put && put.key().startsWith("bk/Orders/") && !put.key().contains("_changes")
                        || r instanceof DeleteObjectRequest, 0.3);
        Events events = new Events("Orders");
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            var key = item("id", s("item-" + k));
            records.add(events.insert(key, item("id", s("item-" + k), "v", n("0"))));
            records.add(events.remove(key, item("id", s("item-" + k), "v", n("0"))));
        }
        StreamsEventResponse response = handler(faults)
                .handleRequest(Events.event(records), LambdaContext.withTimeout(Duration.ofSeconds(120)));

        assertThat(response.getBatchItemFailures()).as("%s", captured.at("ERROR")).isEmpty();
        assertThat(faults.injected()).isPositive();
        assertThat(logged("currentVersionsChecked")).isPositive();
        assertThat(logged("currentVersionsRewritten")).isZero();
        bucket.assertExactHistory(records);
    }

    @Test
    void anAbandonedAttemptCompletedAfterTheLaterWritesIsOvertakenByTheNewestChangeAgain() throws IOException {
        List<DynamodbStreamRecord> records = interleaved(new Events("Orders"), 5, 3, false);
        DynamodbStreamRecord first = records.get(0);
        String objectKey = bucket.objectKey(first);
        try (HeldAttempt held = new HeldAttempt(first.getDynamodb().getSequenceNumber())) {
            abandonedAttemptCompletedLate(records, first, objectKey, held);
        }
    }

    private void abandonedAttemptCompletedLate(List<DynamodbStreamRecord> records, DynamodbStreamRecord first,
            String objectKey, HeldAttempt held) {
        // The server completes the abandoned attempt after the key's later writes: when the
        // function starts checking, all of the batch's item writes have ended.
        ExecutionInterceptor completeWhenChecked = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ListObjectVersionsRequest) {
                    held.completeOnce();
                }
            }
        };

        StreamsEventResponse response = handler(held, completeWhenChecked)
                .handleRequest(Events.event(records), LambdaContext.withTimeout(Duration.ofSeconds(120)));

        assertThat(response.getBatchItemFailures()).as("%s", captured.at("ERROR")).isEmpty();
        assertThat(held.completedStatus()).as("the abandoned attempt, completed by the server").isEqualTo(200);
        List<String> sequences = bucket.puts(objectKey).stream().map(p -> p.metadata().get("sequence-number")).toList();
        String newest = records.get(10).getDynamodb().getSequenceNumber();
        // Its first change twice (the retry, then the abandoned attempt, completed after the later
        // writes), and the newest change written again on top.
        assertThat(sequences).as("versions of %s, oldest first", objectKey).containsExactly(
                first.getDynamodb().getSequenceNumber(), records.get(5).getDynamodb().getSequenceNumber(), newest,
                first.getDynamodb().getSequenceNumber(), newest);
        assertThat(calls.byType().get("ListObjectVersionsRequest")).as("only the retried key is checked")
                .isEqualTo(2);
        assertThat(logged("currentVersionsChecked")).isEqualTo(1);
        assertThat(logged("currentVersionsRewritten")).isEqualTo(1);
        // Every key's current version is its newest change; the change logs hold every record once.
        for (int k = 0; k < 5; k++) {
            DynamodbStreamRecord last = records.get(10 + k);
            var current = direct.getObjectAsBytes(b -> b.bucket(bucketName).key(bucket.objectKey(last)));
            assertThat(current.response().metadata()).as("current version of item-%d", k)
                    .containsEntry("sequence-number", last.getDynamodb().getSequenceNumber());
            assertThat(current.asUtf8String()).as("current image of item-%d", k)
                    .isEqualTo(dev.ddbbackup.json.DynamoJson.eventItemToJson(last.getDynamodb().getNewImage()));
        }
        assertThat(bucket.changeLog("Orders")).extracting(e -> e.eventId())
                .containsExactlyInAnyOrderElementsOf(records.stream().map(DynamodbStreamRecord::getEventID).toList());
    }

    private long logged(String field) {
        return captured.lines().stream().filter(l -> "Batch processed".equals(l.path("message").asText()))
                .mapToLong(l -> l.path(field).asLong()).sum();
    }

    /** Counts the SDK calls by request type. */
    private static final class Calls implements ExecutionInterceptor {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            counts.computeIfAbsent(context.request().getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
        }

        Map<String, Integer> byType() {
            Map<String, Integer> out = new java.util.TreeMap<>();
            counts.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    /**
     * Sends the first attempt of the PUT of one change to a peer that takes the request and never
     * answers, so the SDK abandons the attempt at its timeout and retries; keeps the request exactly
     * as it was sent, and {@link #completeOnce} later delivers it to the server through the proxy,
     * as a network that delivers a stuck request late would.
     */
    private final class HeldAttempt implements ExecutionInterceptor, AutoCloseable {
        private static final Set<String> NOT_REPLAYED = Set.of("host", "content-length", "connection", "expect");
        private final String sequence;
        private final ServerSocket blackHole;
        private final List<Socket> swallowed = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicReference<SdkHttpRequest> request = new AtomicReference<>();
        private volatile byte[] body;
        private final AtomicInteger status = new AtomicInteger(-1);

        HeldAttempt(String sequence) {
            this.sequence = sequence;
            try {
                blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // The SDK sends every attempt of a call where the first one went: the first connection
            // is swallowed, the later ones (the retries) are passed on to the proxy.
            Thread accept = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        Socket client = blackHole.accept();
                        swallowed.add(client);
                        if (swallowed.size() > 1) {
                            Socket server = new Socket(java.net.InetAddress.getLoopbackAddress(), proxy.port());
                            swallowed.add(server);
                            pipe(client.getInputStream(), server.getOutputStream());
                            pipe(server.getInputStream(), client.getOutputStream());
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            accept.setDaemon(true);
            accept.start();
        }

        private void pipe(InputStream from, java.io.OutputStream to) {
            Thread t = new Thread(() -> {
                try {
                    from.transferTo(to);
                    to.close();
                } catch (IOException e) {
                    // Closed: the exchange is over.
                }
            }, "black-hole-pipe");
            t.setDaemon(true);
            t.start();
        }

        private boolean isTarget(Object sdkRequest) {
            return sdkRequest instanceof PutObjectRequest put && sequence.equals(put.metadata().get("sequence-number"));
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            if (!isTarget(context.request())) {
                return context.httpRequest();
            }
            return context.httpRequest().toBuilder().port(blackHole.getLocalPort()).build();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (isTarget(context.request()) && context.httpRequest().port() == blackHole.getLocalPort()
                    && request.compareAndSet(null, context.httpRequest())) {
                try (InputStream in = context.requestBody().orElseThrow().contentStreamProvider().newStream()) {
                    body = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            blackHole.close();
            for (Socket s : swallowed) {
                s.close();
            }
        }

        synchronized void completeOnce() {
            SdkHttpRequest held = request.get();
            if (held == null || status.get() >= 0) {
                return;
            }
            URI sentTo = held.getUri();
            URI server = URI.create(proxy.endpoint() + sentTo.getRawPath()
                    + (sentTo.getRawQuery() == null ? "" : "?" + sentTo.getRawQuery()));
            HttpRequest.Builder replay = HttpRequest.newBuilder(server)
                    .method(held.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
            held.forEachHeader((name, values) -> {
                if (!NOT_REPLAYED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> replay.header(name, v));
                }
            });
            try {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(replay.build(),
                        HttpResponse.BodyHandlers.ofString());
                status.set(answer.statusCode());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        int completedStatus() {
            return status.get();
        }
    }
}
