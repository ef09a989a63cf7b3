package dev.ddbbackup.checkpoint;

/**
 * A checkpoint the reader cannot trust: its manifest or a partition file is missing, altered (size
 * or SHA-256 differ from the manifest) or does not parse. The message names the object.
 */
public final class BadCheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadCheckpointException(String message) {
        super(message);
    }
}
