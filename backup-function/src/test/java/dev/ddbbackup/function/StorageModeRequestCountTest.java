package dev.ddbbackup.function;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LambdaContext;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.NetworkProxy;
import dev.ddbbackup.testing.NetworkProxy.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * What a 1,000-record batch costs in S3 requests, in each storage mode, counted at the network
 * (every HTTP exchange that reaches the server, through {@link NetworkProxy} to S3Mock) and by kind in
 * the SDK (every attempt): the objects mode makes one write per change and a change log, the log mode
 * one segment; the first batch of a container adds the table's {@code _table.json} (a GET and a PUT)
 * in both.
 */
class StorageModeRequestCountTest {

    /** Counts the attempts the SDK sends, by request type. */
    private static final class Attempts implements ExecutionInterceptor {
        final ConcurrentHashMap<String, AtomicInteger> byKind = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            byKind.computeIfAbsent(context.request().getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
        }

        int of(Class<?> kind) {
            AtomicInteger n = byKind.get(kind.getSimpleName());
            return n == null ? 0 : n.get();
        }
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aThousandRecordBatch(StorageMode mode) {
        String table = "Count" + UUID.randomUUID().toString().substring(0, 8);
        LocalDynamo.createTable(table, "id", "range");
        ClientSettings s3Mock = LocalS3.settings(LocalS3.shared());
        String bucket = "count-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(AwsClients.s3(s3Mock), bucket);
        Attempts attempts = new Attempts();
        try (NetworkProxy proxy = NetworkProxy.start(s3Mock.s3Endpoint().orElseThrow(), Conditions.none())) {
            S3Client s3 = AwsClients.s3(s3Mock.toBuilder().s3Endpoint(proxy.endpoint()).addInterceptor(attempts).build());
            BackupHandler handler = BackupHandler.builder(BackupConfig.builder().bucket(bucket).prefix("bk")
                    .storageMode(mode).build(), s3, LocalDynamo::client).build();

            assertThat(handler.handleRequest(Events.event(records(table, 1_000)), LambdaContext.withRequestId("r1"))
                    .getBatchItemFailures()).isEmpty();

            int exchanges = proxy.stats().responses.get();
            int puts = attempts.of(PutObjectRequest.class);
            int all = attempts.byKind.values().stream().mapToInt(AtomicInteger::get).sum();
            if (mode == StorageMode.LOG) {
                // The segment and the table's description (read first, written when new): nothing per change.
                assertThat(puts).as("PUTs, %s", attempts.byKind).isEqualTo(2);
                assertThat(all).as("requests, %s", attempts.byKind).isEqualTo(3);
                assertThat(exchanges).as("exchanges at the network").isEqualTo(all);
            } else {
                // 1,000 item versions, a change log, the description (and the versioning check, a GET).
                assertThat(puts).isEqualTo(1_002);
                assertThat(exchanges).isGreaterThanOrEqualTo(1_002);
            }
        }
    }

    /** 1,000 changes: 250 items inserted, then modified three times. */
    private static List<DynamodbStreamRecord> records(String table, int count) {
        Events events = new Events(table);
        List<DynamodbStreamRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int k = i % 250;
            var key = item("id", s("item-" + k), "range", n("1"));
            var image = item("id", s("item-" + k), "range", n("1"), "v", n(Integer.toString(i)), "pad", s("x".repeat(900)));
            records.add(i < 250 ? events.insert(key, image) : events.modify(key, null, image));
        }
        return records;
    }
}
