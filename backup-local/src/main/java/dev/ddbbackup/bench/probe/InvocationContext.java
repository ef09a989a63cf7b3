package dev.ddbbackup.bench.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * What Lambda passes the handler with each batch, as far as the function reads it: a request id and
 * the time left, counting down from the function's timeout (the template's 120 s) from when the
 * invocation starts. So the probes run the function with a deadline, as on Lambda, and pay for
 * whatever it does with one.
 */
final class InvocationContext implements Context {

    private final String requestId;
    private final long deadlineNanos;

    InvocationContext(String requestId, long timeoutMillis) {
        this.requestId = requestId;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/probe";
    }

    @Override
    public String getLogStreamName() {
        return "probe";
    }

    @Override
    public String getFunctionName() {
        return "probe";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:probe";
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
        return null;
    }
}
