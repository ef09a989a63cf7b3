package dev.ddbbackup.restore;

import dev.ddbbackup.state.ProgressLines;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The restore's progress on stderr, per partition: a bar on a terminal, plain lines otherwise. A
 * class of its own so that {@link RestoreJob} links and runs without the progress bar library (the
 * JVM resolves the types a method and its lambdas use when it links them): the jobs' Lambda package
 * restores without a terminal and does not ship that library.
 */
record RestoreProgressBar(ProgressBar bar, ProgressLines lines) implements AutoCloseable {

    static RestoreProgressBar create(String task, int partitions) {
        if (System.console() == null) {
            // Not a terminal (a log, a pipe): a bar redrawn in place would fill it with frames.
            ProgressLines lines = new ProgressLines(System.err);
            lines.start(task, partitions, "partitions");
            return new RestoreProgressBar(null, lines);
        }
        // The ASCII style: the default one draws Unicode blocks, printed as "???" under a POSIX locale.
        return new RestoreProgressBar(new ProgressBarBuilder().setTaskName(task).setInitialMax(partitions)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" partitions", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build(), null);
    }

    /** One more partition done. */
    synchronized void step() {
        if (lines != null) {
            lines.step(1);
        } else {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (lines != null) {
            lines.close();
        } else {
            bar.close();
        }
    }
}
