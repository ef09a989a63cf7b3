package dev.ddbbackup.local;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * S3 trouble for the pipeline: a fraction of attempts meet a 500, a 503 SlowDown or a connection
 * reset (the SDK retries those), and a fraction of requests are refused outright (the record
 * fails, the function reports it, and the stream delivers it again). DynamoDB requests pass.
 */
final class S3Chaos implements ExecutionInterceptor {

    private static final ExecutionAttribute<Boolean> DOOMED = new ExecutionAttribute<>("chaos-doomed");

    private final double transientFraction;
    private final double doomedFraction;
    private final Random random = new Random(7);
    final AtomicInteger transientFaults = new AtomicInteger();
    final AtomicInteger doomedRequests = new AtomicInteger();

    S3Chaos(double transientFraction, double doomedFraction) {
        this.transientFraction = transientFraction;
        this.doomedFraction = doomedFraction;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        boolean doomed = context.request() instanceof S3Request && next() < doomedFraction;
        attributes.putAttribute(DOOMED, doomed);
        if (doomed) {
            doomedRequests.incrementAndGet();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof S3Request)) {
            return;
        }
        if (Boolean.TRUE.equals(attributes.getAttribute(DOOMED))) {
            // Not retryable: the SDK gives up at once and the record fails.
            throw error(403, "AccessDenied");
        }
        double dice = next();
        if (dice < transientFraction) {
            transientFaults.incrementAndGet();
            int kind = (int) (dice / transientFraction * 3);
            if (kind == 0) {
                throw error(500, "InternalError");
            } else if (kind == 1) {
                throw error(503, "SlowDown");
            }
            throw SdkClientException.create("Injected connection reset", new IOException("Connection reset"));
        }
    }

    private double next() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message("Injected " + code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("Injected " + code).build())
                .build();
    }
}
