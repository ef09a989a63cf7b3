package dev.ddbbackup.stepfunctions;

import java.io.IOException;
import java.net.URI;

/**
 * A failed call of the Step Functions API: the operation, the resource it named (a state machine's
 * or an execution's ARN) and the endpoint, with the HTTP status, the error type ({@code __type})
 * and its message of an error answer, or the I/O failure (status 0) when there was no answer.
 */
public final class StepFunctionsException extends RuntimeException {

    private final String operation;
    private final String resource;
    private final URI endpoint;
    private final int status;
    private final String errorType;
    private final String errorMessage;

    public StepFunctionsException(String operation, String resource, URI endpoint, int status, String errorType,
            String message) {
        super(operation + " " + resource + " failed: HTTP " + status + (errorType == null ? "" : " " + errorType)
                + (message == null ? "" : ": " + message));
        this.operation = operation;
        this.resource = resource;
        this.endpoint = endpoint;
        this.status = status;
        this.errorType = errorType;
        this.errorMessage = message;
    }

    /** No answer: the request could not be sent or its answer not read. */
    public StepFunctionsException(String operation, String resource, URI endpoint, IOException cause) {
        super(operation + " " + resource + " at " + endpoint + " failed: " + cause.getMessage(), cause);
        this.operation = operation;
        this.resource = resource;
        this.endpoint = endpoint;
        this.status = 0;
        this.errorType = null;
        this.errorMessage = cause.getMessage();
    }

    public String operation() {
        return operation;
    }

    /** The ARN the request named. */
    public String resource() {
        return resource;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The HTTP status of the error answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** The error's short name ({@code ExecutionDoesNotExist}, {@code AccessDeniedException}, ...), or null. */
    public String errorType() {
        return errorType;
    }

    /** The error answer's message, or the I/O failure's; may be null. */
    public String message() {
        return errorMessage;
    }
}
