package dev.ddbbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.aws.Timeouts;
import dev.ddbbackup.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A write gets its own call timeout only when the deadline comes before the client's own call
 * timeout (30 s for the function): a request with its own limits costs the SDK a merged copy of the
 * client's configuration, and most of a Lambda batch's writes start minutes before the deadline.
 */
class S3WriterDeadlineTest {

    /** The call timeout each PUT carried, empty when it had none of its own. */
    private final List<Optional<Duration>> callTimeouts = new CopyOnWriteArrayList<>();

    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put) {
                callTimeouts.add(put.overrideConfiguration().flatMap(AwsRequestOverrideConfiguration::apiCallTimeout));
            }
        }
    };

    @Test
    void aDeadlineBeyondTheClientsCallTimeoutAddsNoLimitsAndANearerOneDoes() {
        // The function's limits: a call gets at most 30 s.
        S3Client s3 = AwsClients.s3(LocalS3.settings(LocalS3.shared(), recorder).toBuilder()
                .timeouts(Timeouts.function()).build());
        String bucket = "deadline-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(s3, bucket);
        S3Writer writer = new S3Writer(s3, bucket);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        writer.putJson("far", body, null, Deadline.in(Duration.ofSeconds(110)), null);
        writer.putJson("none", body, null, Deadline.none(), null);
        writer.putJson("near", body, null, Deadline.in(Duration.ofSeconds(8)), null);

        assertThat(callTimeouts).hasSize(3);
        assertThat(callTimeouts.get(0)).as("110 s left: the client's 30 s ends the call first").isEmpty();
        assertThat(callTimeouts.get(1)).isEmpty();
        assertThat(callTimeouts.get(2)).hasValueSatisfying(t -> assertThat(t)
                .isLessThanOrEqualTo(Duration.ofSeconds(8)).isGreaterThan(Duration.ofSeconds(7)));
    }
}
