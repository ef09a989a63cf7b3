package dev.ddbbackup.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** A Lambda {@link Context} whose invocation ends a given time after it is created. */
public final class LambdaContext implements Context {

    private final String requestId;
    private final long deadlineNanos;

    private LambdaContext(Duration timeout, String requestId) {
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.requestId = requestId;
    }

    /** An invocation with {@code timeout} left from now (the function's Timeout at its start). */
    public static LambdaContext withTimeout(Duration timeout) {
        return new LambdaContext(timeout, UUID.randomUUID().toString());
    }

    /** An invocation with a given request id and a minute left. */
    public static LambdaContext withRequestId(String requestId) {
        return new LambdaContext(Duration.ofMinutes(1), requestId);
    }

    /** Time from now to the end of the invocation (negative once it is over). */
    public Duration untilDeadline() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, untilDeadline().toMillis());
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/test";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:test";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
