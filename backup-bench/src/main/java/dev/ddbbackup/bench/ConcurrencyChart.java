package dev.ddbbackup.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The throughput-vs-concurrency curve as a PNG: handler and raw PUTs, per item size. */
final class ConcurrencyChart {

    private ConcurrencyChart() {
    }

    static void write(Map<Integer, List<ThroughputBench.SweepPoint>> sweeps, int records, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(540)
                .title(String.format("Throughput vs concurrency (%,d-record batches, median)", records))
                .xAxisTitle("Concurrency (handler WriteConcurrency / raw PUT threads)")
                .yAxisTitle("Records (PUTs) per second").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
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
}
