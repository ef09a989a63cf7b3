package dev.ddbbackup.observability;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The request id of the invocation being handled, so every log and metric line written during it
 * carries it (in CloudWatch Logs Insights: {@code filter requestId = "..."}), whichever thread
 * writes the line: the handler's, a key's writer thread or the table-description thread.
 *
 * <p>One per JVM, because Lambda runs one invocation at a time in an execution environment (a
 * thread-local would miss the writer threads). Outside an invocation there is none, and lines go
 * without it.
 */
public final class CurrentRequest {

    private static final AtomicReference<String> ID = new AtomicReference<>();

    private CurrentRequest() {
    }

    /** The current invocation's request id, or null between invocations. */
    public static String id() {
        return ID.get();
    }

    /** Marks the lines written until {@link Scope#close()} with {@code requestId}. */
    public static Scope begin(String requestId) {
        ID.set(requestId);
        return new Scope(requestId);
    }

    /** The span of one invocation. */
    public static final class Scope implements AutoCloseable {
        private final String requestId;

        private Scope(String requestId) {
            this.requestId = requestId;
        }

        /** Ends the span, unless a later invocation has begun meanwhile (then that one stays current). */
        @Override
        public void close() {
            ID.compareAndSet(requestId, null);
        }
    }
}
