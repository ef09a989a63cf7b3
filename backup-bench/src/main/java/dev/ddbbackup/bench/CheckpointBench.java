package dev.ddbbackup.bench;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.bench.probe.StreamBatch;
import dev.ddbbackup.checkpoint.job.CheckpointJob;
import dev.ddbbackup.checkpoint.job.CheckpointReport;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.RestoreJobSpec;
import dev.ddbbackup.job.Segment;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.state.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Restore cost against history: a table of a fixed size whose items have 1, 10, 100 versions,
 * one a day (a version per item per day, written through the real function with those stream
 * times), restored as of now from the whole history (every change log, every version listed) and
 * from the daily checkpoint written after the last day (the checkpoint plus the change logs of the
 * lateness window: the last day or two), in one run.
 */
final class CheckpointBench {

    static final int ITEM_BYTES = 300;
    static final int GET_CONCURRENCY = 64;
    static final int PARTITION_CONCURRENCY = 8;

    /** One history depth. */
    record Result(int items, int versions, double backupSeconds, double fullSeconds, long fullPuts,
            long fullVersionsListed, long fullChangeLogs, double checkpointSeconds, long checkpointObjects,
            double fromCheckpointSeconds, long fromCheckpointPuts, long fromCheckpointChangeLogs,
            long fromCheckpointVersionsListed) {
    }

    private final BenchServers servers;
    private final Consumer<String> progress;
    private long sequence = 500_000_000_000L;
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
        backUp(source, items, versions, first);
        double backupSeconds = Samples.secondsSince(start);

        TimedRestore full = restore(source, false, now, items, versions);

        progress.accept(String.format("checkpoint: daily checkpoint of %,d items x %d versions", items, versions));
        Instant t0 = now.minus(Duration.ofDays(1));
        start = System.nanoTime();
        CheckpointReport checkpoint = new CheckpointJob(reader(source, true), Clock.systemUTC()).run(source, t0, null,
                PARTITION_CONCURRENCY, Progress.none());
        double checkpointSeconds = Samples.secondsSince(start);
        if (checkpoint.exitCode() != 0) {
            throw new IllegalStateException("The checkpoint was not written: " + checkpoint.toHuman());
        }

        TimedRestore fromCheckpoint = restore(source, true, now, items, versions);
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
        return new Result(items, versions, backupSeconds, full.seconds(), fullReport.counts().total().puts(),
                fullReport.readerStats().versionsListed(),
                fullReport.readerStats().changeLogObjects(), checkpointSeconds,
                checkpoint.manifest.entries(), fromCheckpoint.seconds(), cpReport.counts().total().puts(),
                cpReport.readerStats().changeLogObjects(),
                cpReport.readerStats().versionsListed());
    }

    private BackupRead read(String table, boolean checkpoints) {
        return new BackupRead(new BackupLocation(BenchServers.BUCKET, "", table), PartitionWidth.P256, TimeSource.AUTO,
                checkpoints, GET_CONCURRENCY);
    }

    private BackupReader reader(String table, boolean checkpoints) {
        return read(table, checkpoints).reader(servers.s3(GET_CONCURRENCY + 32));
    }

    private record TimedRestore(RestoreReport report, double seconds) {
    }

    /** The table restored as of {@code time} into a new one, from the whole history or from the checkpoint. */
    private TimedRestore restore(String source, boolean fromCheckpoint, Instant time, int items, int versions)
            throws Exception {
        progress.accept(String.format("checkpoint: restore of %,d items x %d versions from the %s", items, versions,
                fromCheckpoint ? "checkpoint" : "whole history"));
        String target = source + (fromCheckpoint ? "-checkpoint" : "-full");
        servers.createTable(target);
        long start = System.nanoTime();
        RestoreReport report = new RestoreJob(servers.s3(GET_CONCURRENCY + 32), servers.dynamoDb())
                .withPartitionConcurrency(PARTITION_CONCURRENCY)
                .run(RestoreJobSpec.builder(read(source, fromCheckpoint), time, target).build(), Segment.all(),
                        PartitionGate.always());
        return new TimedRestore(report, Samples.secondsSince(start));
    }

    /** {@code versions} rounds, a day apart, each changing every item once, in batches of 1,000 records. */
    private void backUp(String table, int items, int versions, Instant first) {
        BackupHandler handler = new BackupHandler(BackupConfig.builder().bucket(BenchServers.BUCKET).build(),
                servers.s3(BackupConfig.DEFAULT_WRITE_CONCURRENCY), servers::dynamoDb, JsonLog.discard(),
                EmfMetrics.discard());
        for (int v = 0; v < versions; v++) {
            Instant day = first.plus(Duration.ofDays(v));
            for (int from = 0; from < items; from += 1000) {
                int[] keys = IntStream.range(from, Math.min(from + 1000, items)).toArray();
                StreamBatch batch = new StreamBatch(table, ITEM_BYTES, sequence).at(day);
                sequence += keys.length;
                if (!handler.handleRequest(batch.event(keys), null).getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("The function failed records while writing the backup");
                }
            }
        }
    }

    static void chart(List<Result> results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(540)
                .title(String.format("Restore of %,d items as of now, by history depth", results.isEmpty() ? 0
                        : results.get(0).items()))
                .xAxisTitle("Versions per item (one a day)").yAxisTitle("Restore seconds").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        double[] x = results.stream().mapToDouble(Result::versions).toArray();
        chart.addSeries("whole history (no checkpoint)", x, results.stream().mapToDouble(Result::fullSeconds).toArray())
                .setMarker(SeriesMarkers.SQUARE);
        chart.addSeries("from the daily checkpoint", x, results.stream().mapToDouble(Result::fromCheckpointSeconds)
                .toArray()).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
