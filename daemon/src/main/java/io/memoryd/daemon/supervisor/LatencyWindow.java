package io.memoryd.daemon.supervisor;

import java.util.Arrays;

/**
 * The render times of the last 256 renders of one slot, for its p50 and p99 in the pool status. Not
 * thread-safe: {@link RendererSlot} holds it under its lock.
 */
final class LatencyWindow {

    private final double[] latencies = new double[256];
    private int count;

    void record(double ms) {
        latencies[count % latencies.length] = ms;
        count++;
    }

    /** The {@code p} quantile (0..1] of the window; 0 when nothing was recorded. */
    double percentile(double p) {
        int n = Math.min(count, latencies.length);
        if (n == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }
}
