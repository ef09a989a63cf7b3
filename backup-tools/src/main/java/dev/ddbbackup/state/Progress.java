package dev.ddbbackup.state;

/** Progress of long work, reported by the logic and shown by the command line (a progress bar). */
public interface Progress {

    /** A new phase begins; {@code max} below 1 when the total is unknown. */
    void start(String task, long max, String unit);

    void step(long n);

    static Progress none() {
        return new Progress() {
            @Override
            public void start(String task, long max, String unit) {
            }

            @Override
            public void step(long n) {
            }
        };
    }
}
