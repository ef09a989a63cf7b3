package dev.ddbbackup.function;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.testing.CapturedLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.FaultInjector;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LambdaContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;

/**
 * A bucket that does not keep versions is reported, never silently written over: against S3Mock
 * with buckets whose versioning is Enabled, Suspended and never enabled.
 */
class VersioningCheckTest {

    private final CapturedLog captured = new CapturedLog();
    private final TableDescriptionRecorderTest.MutableClock clock = new TableDescriptionRecorderTest.MutableClock();
    private final FaultInjector faults = new FaultInjector();
    private final AtomicInteger versioningCalls = new AtomicInteger();
    private final Events events = new Events("Orders");
    private S3Client s3;
    private S3Client handlerS3;
    private String bucket;
    private int sequence;

    @BeforeEach
    void setUp() {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof GetBucketVersioningRequest) {
                    versioningCalls.incrementAndGet();
                }
            }
        };
        s3 = LocalS3.client(LocalS3.shared());
        handlerS3 = LocalS3.client(LocalS3.shared(), counter, faults);
        bucket = "versioning-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
    }

    /** A new handler is a new Lambda container. */
    private BackupHandler container() {
        return BackupHandler.builder(BackupConfig.builder().bucket(bucket).prefix("bk").build(), handlerS3,
                LocalDynamo::client).log(captured.log()).metrics(captured.metrics()).clock(clock).build();
    }

    private int batch(BackupHandler handler) {
        int i = sequence++;
        DynamodbEvent event = Events.event(events.modify(item("id", s("k"), "range", n("1")),
                item("id", s("k"), "range", n("1"), "v", n(Integer.toString(i - 1))),
                item("id", s("k"), "range", n("1"), "v", n(Integer.toString(i)))));
        return handler.handleRequest(event, null).getBatchItemFailures().size();
    }

    private void versioning(BucketVersioningStatus status) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(status)));
    }

    private List<JsonNode> versioningErrors() {
        return captured.at("ERROR").stream().filter(l -> l.path("bucket").asText().equals(bucket)).toList();
    }

    private List<JsonNode> metricLines() {
        return captured.lines().stream().filter(l -> l.has("BucketVersioningDisabled")).toList();
    }

    @Test
    void aBucketThatNeverHadVersioningIsAnErrorAndAMetricOnEveryBatch() {
        BackupHandler handler = container();
        assertThat(versioningCalls.get()).as("nothing at init").isZero();

        assertThat(batch(handler)).as("the backup itself goes on").isZero();
        assertThat(versioningErrors()).singleElement().satisfies(line -> {
            assertThat(line.path("message").asText()).contains("Bucket " + bucket + " does not keep versions")
                    .contains("put-bucket-versioning");
            assertThat(line.path("versioning").asText()).isEqualTo("never enabled");
        });
        assertThat(batch(handler)).isZero();
        assertThat(versioningCalls.get()).as("checked again only after 5 minutes").isEqualTo(1);
        assertThat(metricLines()).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("BucketVersioningDisabled").asInt()).isEqualTo(1);
            assertThat(line.path("TableName").asText()).isEqualTo("Orders");
            assertThat(line.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").toString())
                    .contains("BucketVersioningDisabled");
        });
    }

    @Test
    void inLogModeABucketWithoutVersioningIsNeitherAskedNorReported() {
        BackupHandler handler = BackupHandler.builder(BackupConfig.builder().bucket(bucket).prefix("bk")
                .storageMode(StorageMode.LOG).build(), handlerS3, LocalDynamo::client)
                .log(captured.log()).metrics(captured.metrics()).clock(clock).build();
        assertThat(batch(handler)).isZero();
        clock.advance(VersioningCheck.RECHECK_INTERVAL.multipliedBy(2));
        assertThat(batch(handler)).isZero();
        assertThat(versioningCalls.get()).isZero();
        assertThat(versioningErrors()).isEmpty();
        assertThat(metricLines()).isEmpty();
    }

    @Test
    void aSuspendedBucketIsReportedUntilVersioningIsEnabledAgain() {
        versioning(BucketVersioningStatus.ENABLED);
        versioning(BucketVersioningStatus.SUSPENDED);
        BackupHandler handler = container();
        batch(handler);
        assertThat(versioningErrors()).singleElement()
                .satisfies(line -> assertThat(line.path("versioning").asText()).isEqualTo("Suspended"));

        versioning(BucketVersioningStatus.ENABLED);
        clock.advance(Duration.ofMinutes(4));
        batch(handler);
        assertThat(metricLines()).as("still the last answer within 5 minutes").hasSize(2);

        clock.advance(Duration.ofMinutes(1));
        batch(handler);
        assertThat(versioningCalls.get()).isEqualTo(2);
        assertThat(metricLines()).as("no metric once Enabled").hasSize(2);
        clock.advance(Duration.ofHours(1));
        batch(handler);
        assertThat(versioningCalls.get()).as("Enabled: never checked again in this container").isEqualTo(2);
        assertThat(versioningErrors()).hasSize(1);
    }

    @Test
    void anEnabledBucketIsCheckedOncePerContainerAndSaysNothing() {
        versioning(BucketVersioningStatus.ENABLED);
        BackupHandler handler = container();
        for (int i = 0; i < 3; i++) {
            assertThat(batch(handler)).isZero();
        }
        assertThat(versioningCalls.get()).isEqualTo(1);
        assertThat(versioningErrors()).isEmpty();
        assertThat(metricLines()).isEmpty();
        batch(container());
        assertThat(versioningCalls.get()).as("a new container checks again").isEqualTo(2);
    }

    @Test
    void aDeniedCheckIsAWarningAndNeverFailsARecord() {
        versioning(BucketVersioningStatus.ENABLED);
        faults.failAlways(r -> r instanceof GetBucketVersioningRequest, 403);
        BackupHandler handler = container();
        assertThat(batch(handler)).isZero();
        assertThat(LocalS3.keysUnder(s3, bucket, "bk/Orders/")).anyMatch(k -> k.contains("/_changes/"));
        assertThat(captured.at("WARN")).filteredOn(l -> l.path("message").asText().contains("versioning not checked"))
                .singleElement().satisfies(line -> {
                    assertThat(line.path("bucket").asText()).isEqualTo(bucket);
                    assertThat(line.path("reason").asText()).contains("Status Code: 403");
                });
        assertThat(metricLines()).isEmpty();

        faults.clear();
        clock.advance(VersioningCheck.RECHECK_INTERVAL);
        batch(handler);
        assertThat(versioningCalls.get()).as("tried again after the interval").isEqualTo(2);
        assertThat(versioningErrors()).isEmpty();
    }

    @Test
    void everyLineOfAnInvocationCarriesItsRequestId() {
        BackupHandler handler = container();
        DynamodbEvent event = Events.event(events.insert(item("id", s("r"), "range", n("1")),
                item("id", s("r"), "range", n("1"))));
        handler.handleRequest(event, LambdaContext.withRequestId("req-123"));
        assertThat(captured.lines()).isNotEmpty().allSatisfy(line ->
                assertThat(line.path("requestId").asText()).as(line.toString()).isEqualTo("req-123"));
    }
}
