package dev.ddbbackup.testing;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An SDK interceptor that makes chosen S3 requests fail before they are sent, the way a real
 * outage would surface to the writer: as a 503 SlowDown (retryable) or a 403 (not retryable).
 * Faults are injected per attempt, so the SDK's own retries see them too.
 */
public final class FaultInjector implements ExecutionInterceptor {

    private volatile Predicate<SdkRequest> failWhen = r -> false;
    private volatile int status = 503;
    private volatile double fraction = 0;
    private final Random random = new Random(42);
    private final AtomicInteger injected = new AtomicInteger();

    /** Fails every attempt of requests matching {@code when} with HTTP {@code status}. */
    public FaultInjector failAlways(Predicate<SdkRequest> when, int status) {
        this.failWhen = when;
        this.status = status;
        this.fraction = 1.0;
        return this;
    }

    /** Fails a random {@code fraction} of attempts of matching requests with a retryable 503. */
    public FaultInjector failRandomly(Predicate<SdkRequest> when, double fraction) {
        this.failWhen = when;
        this.status = 503;
        this.fraction = fraction;
        return this;
    }

    public FaultInjector clear() {
        this.failWhen = r -> false;
        this.fraction = 0;
        return this;
    }

    public int injected() {
        return injected.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        boolean fail;
        synchronized (random) {
            fail = failWhen.test(request) && random.nextDouble() < fraction;
        }
        if (fail) {
            injected.incrementAndGet();
            throw S3Exception.builder()
                    .statusCode(status)
                    .message("Injected fault")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(status == 503 ? "SlowDown" : "AccessDenied")
                            .errorMessage("Injected fault").build())
                    .build();
        }
    }
}
