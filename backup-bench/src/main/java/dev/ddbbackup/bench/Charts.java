package dev.ddbbackup.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts: medians against a logarithmic x axis, one series per contender. */
final class Charts {

    private Charts() {
    }

    /** The throughput-vs-concurrency curve: handler and raw PUTs, per item size. */
    static void concurrency(Map<Integer, List<ThroughputBench.SweepPoint>> sweeps, int records, Path png)
            throws IOException {
        XYChart chart = chart(String.format("Throughput vs concurrency (%,d-record batches, median)", records),
                "Concurrency (handler WriteConcurrency / raw PUT threads)", "Records (PUTs) per second");
        sweeps.forEach((itemBytes, points) -> {
            double[] x = points.stream().mapToDouble(ThroughputBench.SweepPoint::concurrency).toArray();
            double[] handler = points.stream().mapToDouble(p -> p.handler().median()).toArray();
            double[] raw = points.stream().mapToDouble(p -> p.raw().median()).toArray();
            String size = ThroughputBench.size(itemBytes);
            chart.addSeries("handler, " + size + " items", x, handler).setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries("raw PUTs, " + size + " items", x, raw).setMarker(SeriesMarkers.SQUARE);
        });
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Restore seconds by history depth: from the whole history and from the daily checkpoint. */
    static void checkpoint(List<CheckpointBench.Result> results, Path png) throws IOException {
        XYChart chart = chart(String.format("Restore of %,d items as of now, by history depth",
                results.isEmpty() ? 0 : results.get(0).items()), "Versions per item (one a day)", "Restore seconds");
        double[] x = results.stream().mapToDouble(CheckpointBench.Result::versions).toArray();
        chart.addSeries("whole history (no checkpoint)", x, results.stream()
                .mapToDouble(CheckpointBench.Result::fullSeconds).toArray()).setMarker(SeriesMarkers.SQUARE);
        chart.addSeries("from the daily checkpoint", x, results.stream()
                .mapToDouble(CheckpointBench.Result::fromCheckpointSeconds).toArray()).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String xAxis, String yAxis) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis)
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }
}
