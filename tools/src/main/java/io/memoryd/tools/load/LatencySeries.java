package io.memoryd.tools.load;

import java.util.ArrayList;
import java.util.List;

/** Latencies of one kind of call, each with the moment it was sent, for percentiles and charts. */
public final class LatencySeries {

    /** One call: when it was sent (ms since the run started) and how long it took. */
    public record Sample(long atMillis, double millis) {
    }

    /** Percentiles of a series; all zero when it is empty. */
    public record Summary(int count, double p50, double p95, double p99, double max) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public synchronized void add(long atMillis, double millis) {
        samples.add(new Sample(atMillis, millis));
    }

    public synchronized List<Sample> snapshot() {
        return List.copyOf(samples);
    }

    public synchronized int count() {
        return samples.size();
    }

    public Summary summary() {
        double[] v = snapshot().stream().mapToDouble(Sample::millis).sorted().toArray();
        if (v.length == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        return new Summary(v.length, percentile(v, 50), percentile(v, 95), percentile(v, 99), v[v.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Median of any values (not necessarily sorted); 0 for none. */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? 0 : percentile(v, 50);
    }
}
