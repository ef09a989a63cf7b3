package dev.ddbbackup.testing;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Counts SDK calls that have started, and those not yet ended (successfully or not). */
public final class InFlightCalls implements ExecutionInterceptor {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();

    public int now() {
        return inFlight.get();
    }

    public int started() {
        return started.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        started.incrementAndGet();
        inFlight.incrementAndGet();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        inFlight.decrementAndGet();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        inFlight.decrementAndGet();
    }
}
