package dev.ddbbackup.aws;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Marks the answer of a call that took more than one HTTP attempt: an attempt failed, timed out or
 * was abandoned, and the SDK retried. A caller may need to know, because an abandoned attempt is
 * not necessarily a lost one: the server may still complete it, later, after newer writes of the
 * same key (see {@code CurrentVersions} in the function). The SDK says nothing of its attempts in
 * the answer it returns, so this interceptor, on every client {@link AwsClients} builds, counts
 * them and adds a header to the answer of a retried call; {@link #retried} reads it. A call
 * answered at its first attempt is left as it is.
 */
public final class RetriedCalls implements ExecutionInterceptor {

    /** The header on a retried call's answer (the number of attempts); never sent, never from a server. */
    static final String HEADER = "x-ddbbackup-attempts";

    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("ddbbackup.attempts");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    /** On the HTTP answer, from which the SDK builds the call's answer (its {@code sdkHttpResponse()}). */
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        SdkHttpResponse response = context.httpResponse();
        if (attempts == null || attempts.get() <= 1) {
            return response;
        }
        return response.toBuilder().putHeader(HEADER, Integer.toString(attempts.get())).build();
    }

    /** Whether the call that gave {@code response} took more than one attempt. */
    public static boolean retried(SdkResponse response) {
        return response.sdkHttpResponse() != null && response.sdkHttpResponse().firstMatchingHeader(HEADER).isPresent();
    }
}
