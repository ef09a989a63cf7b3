package dev.ddbbackup.bench;

import java.util.Arrays;
import java.util.List;

/** Measured values of repeated runs: median, minimum and maximum. */
public final class Samples {

    private final double[] sorted;

    private Samples(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** Seconds from {@code startNanos} (a {@link System#nanoTime()}) to now: one timed run. */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public static Samples of(List<Double> values) {
        return new Samples(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public double median() {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }

    /** "median (min–max)" with the given number format, e.g. "%,.0f". */
    public String format(String numberFormat) {
        return String.format(numberFormat, median()) + " (" + String.format(numberFormat, min()) + "–"
                + String.format(numberFormat, max()) + ")";
    }
}
