package io.memoryd.daemon.supervisor;

import io.grpc.ManagedChannel;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One place in the pool and the renderer process currently filling it: lifecycle state, the daemon-side
 * queue of renders waiting for it (at most one is sent at a time), restart history and counters. All
 * fields are guarded by the pool's lock.
 */
final class RendererSlot {

    final int index;
    int generation;
    RendererState state = RendererState.RENDERER_STOPPED;
    RendererHandle handle;
    ManagedChannel channel;
    RendererServiceGrpc.RendererServiceFutureStub stub;
    String rendererId = "";
    long launchedAtMillis;
    long readyAtMillis;
    long startupMs;
    long served;
    long failed;
    /** Renders served by the current process, against the recycle limits drawn for it. */
    long processServed;
    long recycleAtRenders = Long.MAX_VALUE;
    long recycleAtAgeMillis = Long.MAX_VALUE;
    /** Figures from the last Status poll of the current process. */
    long heapUsed;
    long heapAfterGc;
    long heapMax;
    long rss;
    int openFds = -1;
    /** The process that will replace the current one when it is READY (recycling), or null. */
    RendererHandle successor;
    PendingRender inFlight;
    final ArrayDeque<PendingRender> queue = new ArrayDeque<>();
    final ArrayDeque<Long> restartTimes = new ArrayDeque<>();
    int consecutiveRestarts;
    /** Set when the supervisor itself ends the process, so the exit is reported for what it is (and why). */
    ExitKind intendedExit;
    String intendedExitDetail;
    /** Renders in a row the current process failed by its own fault. */
    final FailureStreak failures = new FailureStreak();
    ExitReason lastExit;
    String lastError = "";
    private final double[] latencies = new double[256];
    private int latencyCount;

    RendererSlot(int index) {
        this.index = index;
    }

    /** Restarts of this slot in the last {@code windowMillis}; older ones are forgotten. */
    int restartsWithin(long windowMillis, long now) {
        while (!restartTimes.isEmpty() && restartTimes.peekFirst() < now - windowMillis) {
            restartTimes.pollFirst();
        }
        return restartTimes.size();
    }

    /** Counts a restart and returns its delay: exponential from {@code baseMillis}, capped, plus up to 50% jitter. */
    long recordRestart(long now, long baseMillis, long maxMillis, java.util.Random random) {
        restartTimes.addLast(now);
        long delay = Math.min(maxMillis, baseMillis << Math.min(20, consecutiveRestarts));
        consecutiveRestarts++;
        return delay + random.nextLong(delay / 2 + 1);
    }

    /** Forgets the figures of the process that left; the next one starts with a clean record. */
    void resetProcessFigures() {
        processServed = 0;
        failures.end();
        heapUsed = 0;
        heapAfterGc = 0;
        heapMax = 0;
        rss = 0;
        openFds = -1;
    }

    boolean ready() {
        return state == RendererState.RENDERER_READY;
    }

    int load() {
        return (inFlight == null ? 0 : 1) + queue.size();
    }

    void recordLatency(double ms) {
        latencies[latencyCount % latencies.length] = ms;
        latencyCount++;
    }

    private double percentile(double p) {
        int n = Math.min(latencyCount, latencies.length);
        if (n == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }

    RendererSlotStatus status(long nowMillis) {
        RendererSlotStatus.Builder b = RendererSlotStatus.newBuilder()
                .setSlot(index)
                .setRendererId(rendererId)
                .setPid(handle == null ? 0 : handle.pid())
                .setGeneration(generation)
                .setState(state)
                .setUptimeMs(ready() ? nowMillis - readyAtMillis : 0)
                .setStartupMs(startupMs)
                .setRendersServed(served)
                .setRendersFailed(failed)
                .setInFlight(inFlight == null ? 0 : 1)
                .setQueued(queue.size())
                .setRestartsInWindow(restartTimes.size())
                .setLastError(lastError)
                .setRenderP50Ms(percentile(0.5))
                .setRenderP99Ms(percentile(0.99))
                .setHeapUsedBytes(heapUsed)
                .setHeapAfterGcBytes(heapAfterGc)
                .setHeapMaxBytes(heapMax)
                .setRssBytes(rss)
                .setOpenFds(openFds);
        if (lastExit != null) {
            b.setLastExit(lastExit);
        }
        return b.build();
    }
}
