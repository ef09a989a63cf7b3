package dev.ddbbackup.stream;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Lambda {@link Context} for invocations outside Lambda, as far as the function reads it: a
 * request id and the time left, counting down from the function's timeout from when the invocation
 * starts, so the function runs with a deadline as on Lambda. The benchmarks' probes use it too, in
 * JVMs that have only the Lambda package and the probe classes on their classpath: it may use
 * nothing but the JDK and aws-lambda-java-core. The tests' double (the kit's {@code LambdaContext})
 * stays a class of its own: the kit is below this module and this product may not depend on test
 * machinery, and the one module both see, backup-function, is the Lambda package itself.
 */
public final class LocalContext implements Context {

    private final String requestId;
    private final long deadlineNanos;

    /** An invocation with a fresh request id. */
    public LocalContext(long timeoutMillis) {
        this(UUID.randomUUID().toString(), timeoutMillis);
    }

    public LocalContext(String requestId, long timeoutMillis) {
        this.requestId = requestId;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/local/ddb-backup"; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return "ddb-backup-local"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:000000000000:function:ddb-backup-local"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024)); }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.err.print(message); }
            @Override public void log(byte[] message) { System.err.print(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
