package dev.ddbbackup.local.cli;

import dev.ddbbackup.state.ProgressLines;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The workload's progress on stderr, given the operations done so far: a bar on a terminal, plain
 * lines otherwise. It ends as soon as the last operation is done, so the pipeline's own lines about
 * waiting for the stream to drain are not drawn over by a bar standing at 100%.
 */
final class WorkloadProgress implements LongConsumer, AutoCloseable {

    private final long operations;
    private final ProgressBar bar;
    private final ProgressLines lines;
    private long done;
    private boolean closed;

    WorkloadProgress(long operations) {
        this.operations = operations;
        if (System.console() == null) {
            bar = null;
            lines = new ProgressLines(System.err);
            lines.start("Workload", operations, "operations");
        } else {
            lines = null;
            bar = new ProgressBarBuilder().setTaskName("Workload").setInitialMax(operations)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public synchronized void accept(long value) {
        if (closed) {
            return;
        }
        if (bar != null) {
            bar.stepTo(value);
        } else {
            lines.step(value - done);
        }
        done = value;
        if (value >= operations) {
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (bar != null) {
                bar.close();
            } else {
                lines.close();
            }
        }
    }
}
