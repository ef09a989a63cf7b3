package dev.ddbbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.NetworkProxy;
import dev.ddbbackup.testing.NetworkProxy.Conditions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tools' clients allow minutes per attempt (large transfers), so a stalled response is caught
 * by the stall limit instead: the connection is closed and the attempt retried. Shown with a 2 s
 * limit (the tools use 60 s) on a download whose first response stops after 20 bytes.
 */
class StallDetectionTest {

    @Test
    void aStalledDownloadIsAbandonedAfterTheStallLimitAndRetried() throws Exception {
        S3Client direct = AwsClients.s3(LocalS3.settings(LocalS3.shared()));
        String bucket = "stall-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(direct, bucket);
        String body = "x".repeat(50_000);
        direct.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromString(body));

        try (NetworkProxy proxy = NetworkProxy.start(LocalS3.settings(LocalS3.shared()).s3Endpoint().orElseThrow(),
                Conditions.stalls(1.0, 20, null))) {
            Timeouts tools = Timeouts.tools().withStall(Duration.ofSeconds(2));
            S3Client s3 = AwsClients.s3(LocalS3.settings(LocalS3.shared()).toBuilder()
                    .s3Endpoint(proxy.endpoint()).timeouts(tools).build());
            Thread recover = new Thread(() -> {
                try {
                    while (proxy.stats().stalls.get() == 0) {
                        Thread.sleep(10);
                    }
                    proxy.conditions(Conditions.none());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            recover.setDaemon(true);
            recover.start();
            long started = System.nanoTime();

            String got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asUtf8String();

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(got).isEqualTo(body);
            assertThat(proxy.stats().stalls.get()).isEqualTo(1);
            assertThat(took).as("abandoned after the 2 s stall limit, not the 5 min attempt timeout")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(60));
        }
    }
}
