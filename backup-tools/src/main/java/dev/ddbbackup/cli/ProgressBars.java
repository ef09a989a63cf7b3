package dev.ddbbackup.cli;

import dev.ddbbackup.state.Progress;
import dev.ddbbackup.state.ProgressLines;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr, so stdout stays clean for summaries and {@code --json}: a bar redrawn in place
 * when stderr is a terminal, plain lines ({@link ProgressLines}) when it is not (a log or a pipe),
 * nothing when turned off. As a {@link Progress}, each phase gets its own bar (the previous one is closed).
 */
final class ProgressBars implements Progress, AutoCloseable {

    private final boolean on;
    private final ProgressLines lines;
    private ProgressBar bar;

    private ProgressBars(boolean on, ProgressLines lines) {
        this.on = on;
        this.lines = lines;
    }

    /** Progress on stderr: a bar on a terminal, lines otherwise. */
    static ProgressBars stderr() {
        // No console means stdin or stdout/stderr is redirected: no terminal to redraw a bar on.
        return new ProgressBars(true, System.console() == null ? new ProgressLines(System.err) : null);
    }

    /** No progress at all ({@code --no-progress}, {@code --json}). */
    static ProgressBars off() {
        return new ProgressBars(false, null);
    }

    /** @param max the expected total, or a value below 1 when unknown */
    private static ProgressBar create(String task, long max, String unit) {
        // The ASCII style: the default one draws Unicode blocks, printed as "???" under a POSIX locale.
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max < 1 ? -1 : max)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .build();
    }

    @Override
    public synchronized void start(String task, long max, String unit) {
        close();
        if (lines != null) {
            lines.start(task, max, unit);
        } else if (on) {
            bar = create(task, max, unit);
        }
    }

    @Override
    public synchronized void step(long n) {
        if (lines != null) {
            lines.step(n);
        } else if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public synchronized void close() {
        if (lines != null) {
            lines.close();
        }
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
