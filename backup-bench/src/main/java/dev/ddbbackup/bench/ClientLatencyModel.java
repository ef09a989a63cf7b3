package dev.ddbbackup.bench;

import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * S3's latency, modelled in the client for a server that cannot be changed (moto_server): every
 * S3 response is held this long after it arrives and before it is read, so the request keeps its
 * connection and its thread for that time, as a request to a distant S3 does. S3Mock's model
 * ({@link dev.ddbbackup.local.s3.LatencyModelConfiguration}) does the same in the server instead;
 * from the client's side the two cost the same. DynamoDB requests are not delayed.
 */
final class ClientLatencyModel implements ExecutionInterceptor {

    private final Duration latency;

    ClientLatencyModel(Duration latency) {
        this.latency = latency;
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof S3Request) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
