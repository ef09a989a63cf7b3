package dev.ddbbackup.bench;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.state.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * Restore cost against history: a table of a fixed size whose items have 1, 10, 100 versions,
 * one a day (a version per item per day, written through the real function with those stream
 * times), restored as of now from the whole history (every change log, every version listed) and
 * from the daily checkpoint written after the last day (the checkpoint plus the change logs of the
 * lateness window: the last day or two), in one run.
 */
final class CheckpointBench {

    /** One history depth. */
    record Result(int items, int versions, double backupSeconds, double fullSeconds, long fullVersionsListed,
            long fullChangeLogs, double checkpointSeconds, double fromCheckpointSeconds, long fromCheckpointChangeLogs,
            long fromCheckpointVersionsListed) {
    }

    private final BenchServers servers;
    private final Consumer<String> progress;
    private int runs;

    CheckpointBench(BenchServers servers, Consumer<String> progress) {
        this.servers = servers;
        this.progress = progress;
    }

    Result run(int items, int versions) throws Exception {
        String source = "history" + versions + "x" + items + "r" + (++runs);
        servers.createTable(source);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Day d's version at now - (versions + 1 - d) days: the last one two days ago.
        Instant first = now.minus(Duration.ofDays(versions + 1L));
        progress.accept(String.format("checkpoint: backing up %,d items x %d versions (one a day) through the function",
                items, versions));
        long start = System.nanoTime();
        servers.backUp(source, items, RestoreBench.ITEM_BYTES, versions, v -> first.plus(Duration.ofDays(v)));
        double backupSeconds = Samples.secondsSince(start);

        RestoreBench.TimedRestore full = restore(source, false, now, items, versions);

        progress.accept(String.format("checkpoint: daily checkpoint of %,d items x %d versions", items, versions));
        Instant t0 = now.minus(Duration.ofDays(1));
        start = System.nanoTime();
        BackupReader reader = RestoreBench.read(source, true).reader(servers.s3(RestoreBench.GET_CONCURRENCY + 32));
        CheckpointReport checkpoint = new CheckpointJob(reader, Clock.systemUTC()).run(source, t0, null,
                RestoreBench.PARTITION_CONCURRENCY, Progress.none());
        double checkpointSeconds = Samples.secondsSince(start);
        if (checkpoint.exitCode() != 0) {
            throw new IllegalStateException("The checkpoint was not written: " + checkpoint.toHuman());
        }

        RestoreBench.TimedRestore fromCheckpoint = restore(source, true, now, items, versions);
        RestoreReport fullReport = full.report();
        RestoreReport cpReport = fromCheckpoint.report();
        if (cpReport.checkpoint() == null || fullReport.checkpoint() != null) {
            throw new IllegalStateException("The restores did not read what they are meant to compare");
        }
        for (RestoreReport r : List.of(fullReport, cpReport)) {
            if (r.counts().total().puts() != items || !r.ok()) {
                throw new IllegalStateException("A restore did not put every item: " + r.toHuman());
            }
        }
        return new Result(items, versions, backupSeconds, full.seconds(), fullReport.readerStats().versionsListed(),
                fullReport.readerStats().changeLogObjects(), checkpointSeconds, fromCheckpoint.seconds(),
                cpReport.readerStats().changeLogObjects(), cpReport.readerStats().versionsListed());
    }

    /** The table restored as of {@code time} into a new one, from the whole history or from the checkpoint. */
    private RestoreBench.TimedRestore restore(String source, boolean fromCheckpoint, Instant time, int items,
            int versions) throws InterruptedException {
        progress.accept(String.format("checkpoint: restore of %,d items x %d versions from the %s", items, versions,
                fromCheckpoint ? "checkpoint" : "whole history"));
        return RestoreBench.restore(servers, servers.s3(RestoreBench.GET_CONCURRENCY + 32), servers.dynamoDb(),
                RestoreBench.read(source, fromCheckpoint), time, source + (fromCheckpoint ? "-checkpoint" : "-full"));
    }
}
