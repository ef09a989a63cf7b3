package dev.ddbbackup.state;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for a stderr that is not a terminal (a log, a pipe, CI): a bar redrawn
 * with carriage returns and escape codes turns a log into noise. One line when a phase starts, then
 * at most one per {@link #INTERVAL_NANOS} or per tenth of the total, and one when it ends. Only
 * ASCII is printed, so a POSIX locale (where anything else turns into {@code ?}) shows the same text.
 */
public final class ProgressLines implements Progress, AutoCloseable {

    /** At most one line this often (plus one per tenth of a known total). */
    public static final long INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private String task;
    private long max;
    private String unit;
    private long done;
    private long startedAt;
    private long printedAt;
    private long printedTenth;

    public ProgressLines(PrintStream out) {
        this(out, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime} outside tests */
    public ProgressLines(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void start(String task, long max, String unit) {
        close();
        this.task = ascii(task);
        this.max = max < 1 ? -1 : max;
        this.unit = ascii(unit);
        done = 0;
        startedAt = nanoTime.getAsLong();
        printedAt = startedAt;
        printedTenth = 0;
        out.println(this.task + ": started" + (this.max > 0 ? ", " + this.max + " " + this.unit : ""));
    }

    @Override
    public synchronized void step(long n) {
        if (task == null) {
            return;
        }
        done += n;
        long now = nanoTime.getAsLong();
        long tenth = max > 0 ? Math.min(10, done * 10 / max) : 0;
        if (tenth > printedTenth || now - printedAt >= INTERVAL_NANOS) {
            printedTenth = tenth;
            printedAt = now;
            out.println(task + ": " + count() + ", " + rate(now));
        }
    }

    /** Ends the current phase with a last line. */
    @Override
    public synchronized void close() {
        if (task != null) {
            long now = nanoTime.getAsLong();
            out.println(task + ": done, " + count() + " in " + seconds(now) + " s, " + rate(now));
            task = null;
        }
    }

    private String count() {
        return max > 0 ? String.format(Locale.ROOT, "%d/%d %s (%d%%)", done, max, unit, done * 100 / max)
                : done + " " + unit;
    }

    private String rate(long now) {
        double s = (now - startedAt) / 1e9;
        return s <= 0 ? "- " + unit + "/s" : String.format(Locale.ROOT, "%.1f %s/s", done / s, unit);
    }

    private String seconds(long now) {
        return String.format(Locale.ROOT, "%.1f", (now - startedAt) / 1e9);
    }

    /** Printable ASCII only: anything else would print as {@code ?} (or garbage) under a POSIX locale. */
    static String ascii(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '_');
        }
        return b.toString();
    }
}
