package dev.ddbbackup.restore;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The restore's progress bar on stderr, per partition. A class of its own so that
 * {@link RestoreJob} links and runs without the progress bar library (the JVM resolves the types a
 * method and its lambdas use when it links them): the jobs' Lambda package restores without a
 * terminal and does not ship that library.
 */
final class RestoreProgressBar implements AutoCloseable {

    private final ProgressBar bar;

    private RestoreProgressBar(ProgressBar bar) {
        this.bar = bar;
    }

    static RestoreProgressBar create(String task, int partitions) {
        return new RestoreProgressBar(new ProgressBarBuilder().setTaskName(task).setInitialMax(partitions)
                .setUnit(" partitions", 1).setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    /** One more partition done; {@code message} (when not null) shows beside the bar. */
    void step(String message) {
        bar.step();
        if (message != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        bar.close();
    }
}
