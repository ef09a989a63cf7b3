package dev.ddbbackup.stepfunctions;

/** An error answer of the Step Functions API: the HTTP status, the error type ({@code __type}) and its message. */
public final class StepFunctionsException extends RuntimeException {

    private final int status;
    private final String errorType;

    public StepFunctionsException(String operation, int status, String errorType, String message) {
        super(operation + " failed: HTTP " + status + (errorType == null ? "" : " " + errorType)
                + (message == null ? "" : ": " + message));
        this.status = status;
        this.errorType = errorType;
    }

    public int status() {
        return status;
    }

    /** The error's short name ({@code ExecutionDoesNotExist}, {@code AccessDeniedException}, ...), or null. */
    public String errorType() {
        return errorType;
    }
}
