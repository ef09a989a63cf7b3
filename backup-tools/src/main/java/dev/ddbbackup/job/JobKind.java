package dev.ddbbackup.job;

import java.util.Locale;

/** The jobs that can be fanned out over segment workers. */
public enum JobKind {
    RESTORE, SNAPSHOT, VERIFY;

    /** The name in requests and on the command line: {@code restore}, {@code snapshot}, {@code verify}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobKind parse(String text) {
        for (JobKind k : values()) {
            if (k.wireName().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown job '" + text + "' (restore, snapshot or verify)");
    }
}
