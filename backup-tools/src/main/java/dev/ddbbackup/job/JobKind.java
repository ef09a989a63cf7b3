package dev.ddbbackup.job;

import java.util.Locale;

/** The jobs that can be fanned out over segment workers. */
public enum JobKind {
    RESTORE, REVERT, CHANGES, SNAPSHOT, VERIFY;

    /**
     * The kind whose state machine and workers run this one: a revert writes the target tables as a
     * restore does, so it runs on the restore's, with the restore workers' rights (the target
     * pattern, the source only with AllowInPlaceRestore). A changes listing only reads the backup and
     * writes to the job bucket, which the restore workers may: it runs there too, so one state
     * machine serves the three commands of a bad deploy.
     */
    public JobKind runsOn() {
        return this == REVERT || this == CHANGES ? RESTORE : this;
    }

    /** The name in requests and on the command line: {@code restore}, {@code revert}, {@code changes}, {@code snapshot}, {@code verify}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobKind parse(String text) {
        for (JobKind k : values()) {
            if (k.wireName().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown job '" + text + "' (restore, revert, changes, snapshot or verify)");
    }
}
