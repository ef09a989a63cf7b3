package dev.ddbbackup.function;

/** A record that can never be written as designed; it goes to quarantine with this reason. */
final class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidRecordException(String reason) {
        super(reason);
    }
}
