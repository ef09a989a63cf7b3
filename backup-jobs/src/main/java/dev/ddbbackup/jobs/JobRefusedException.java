package dev.ddbbackup.jobs;

/**
 * A job that cannot run as asked (a malformed request, a missing target table, a worker of
 * another job kind): retrying cannot help, so the state machine's Retry gives this error no second
 * attempt. Its name is the error name Step Functions sees (the Java runtime reports the class name
 * as the error type). No stack trace: the state machine's results carry the message only; the
 * worker's log has the whole story.
 */
public final class JobRefusedException extends RuntimeException {

    public JobRefusedException(String message) {
        super(message, null, false, false);
    }
}
