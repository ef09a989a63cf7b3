package dev.ddbbackup.bench.probe;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the S3 requests of every SDK client in the probe JVM, by operation, including each retry:
 * registered as a global interceptor (the SDK's {@code software/amazon/awssdk/global/handlers/
 * execution.interceptors} classpath resource, written by the cost section into the probe's class
 * directory), so the function's own client is counted without a hook in the function.
 * {@link #beforeTransmission} runs once per HTTP attempt: what S3 receives and bills.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if ("S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            COUNTS.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder())
                    .increment();
        }
    }

    /** The requests so far, by operation name. */
    static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        COUNTS.forEach((op, n) -> copy.put(op, n.sum()));
        return copy;
    }
}
