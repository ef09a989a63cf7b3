package dev.ddbbackup.jobs;

/**
 * A segment invocation that failed while working (S3 or DynamoDB errors after the SDK's retries,
 * throttling that did not clear): the state machine retries it with backoff, and the partitions it
 * had not finished are done again (a restore's writes are idempotent). Without a stack trace, so
 * the error Step Functions records stays small (the Map collects one per failed segment); the
 * worker's log has the stack trace.
 */
public final class SegmentFailedException extends RuntimeException {

    /** Messages longer than this are cut: the Map's results must stay far below Step Functions' 256 KiB. */
    static final int MAX_MESSAGE = 1000;

    public SegmentFailedException(String message) {
        super(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message, null, false, false);
    }
}
