package dev.ddbbackup.backup;

import java.util.List;

/**
 * The backup holds data a tool cannot use (see {@link BackupProblem}): a problem found, not a
 * usage error (the command line's exit code 1). The message names the objects.
 */
public final class BackupDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<BackupProblem> problems;

    public BackupDataException(BackupProblem problem) {
        super(problem.toString());
        this.problems = List.of(problem);
    }

    public BackupDataException(String message, List<BackupProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<BackupProblem> problems() {
        return problems;
    }
}
