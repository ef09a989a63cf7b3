package dev.ddbbackup.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Values collected under names (phases, figures, concurrencies) run after run, then the samples of each. */
    public static final class Collector<K> {
        private final Map<K, List<Double>> values = new LinkedHashMap<>();

        public void add(K name, double value) {
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }

        public Samples get(K name) {
            return Samples.of(values.get(name));
        }

        /** Every name's samples, in the order the names were first added. */
        public Map<K, Samples> all() {
            Map<K, Samples> all = new LinkedHashMap<>();
            values.forEach((name, v) -> all.put(name, Samples.of(v)));
            return all;
        }
    }
}
