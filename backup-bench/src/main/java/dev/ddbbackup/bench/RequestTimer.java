package dev.ddbbackup.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Where a job's time goes, per API operation: calls and the summed time they took (retries
 * included). Concurrent calls overlap, so the sums can exceed the wall time; they show the mix.
 */
final class RequestTimer implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.started");

    /** Calls and summed nanoseconds of one operation. */
    static final class Totals {
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private final Map<String, Totals> totals = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private void record(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started == null) {
            return;
        }
        Totals t = totals.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new Totals());
        t.calls.increment();
        t.nanos.add(System.nanoTime() - started);
    }

    /** A snapshot of the totals so far, and a reset. */
    synchronized Map<String, long[]> drain() {
        Map<String, long[]> out = new TreeMap<>();
        totals.forEach((op, t) -> out.put(op, new long[] {t.calls.sum(), t.nanos.sum()}));
        totals.clear();
        return out;
    }
}
