package dev.ddbbackup.cli;

import dev.ddbbackup.state.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for long work, on stderr so stdout stays clean for summaries and {@code --json}.
 * As a {@link Progress}, each phase gets its own bar (the previous one is closed).
 */
final class ProgressBars implements Progress, AutoCloseable {

    private ProgressBar bar;

    /** @param max the expected total, or a value below 1 when unknown */
    static ProgressBar create(String task, long max, String unit) {
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
        bar = create(task, max, unit);
    }

    @Override
    public synchronized void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
