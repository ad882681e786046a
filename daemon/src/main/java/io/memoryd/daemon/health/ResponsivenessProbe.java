package io.memoryd.daemon.health;

import io.memoryd.proto.v1.Responsiveness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how late a tick scheduled every 100 ms runs on each executor that serves RPCs: the lag a
 * caller would see. Keeps the last minute of samples. A stall (ticks running over 100 ms late) is logged
 * once, when it ends, with its length: not once per late tick.
 */
public final class ResponsivenessProbe {

    private static final Logger log = LoggerFactory.getLogger(ResponsivenessProbe.class);
    private static final long PERIOD_MS = 100;
    private static final long LATE_MS = 100;
    private static final long WINDOW_MS = 60_000;

    /**
     * One stall of serving loop {@code loop}: {@code lengthMs} from the due time of its first late tick to
     * the run of its last, {@code lateTicks} ticks late, the worst by {@code worstLagMs}.
     */
    public record Stall(int loop, double lengthMs, int lateTicks, double worstLagMs) {
    }

    private record Sample(long atMillis, double lagMs) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final Map<Integer, StallTracker> stalls = new ConcurrentHashMap<>();
    private final Consumer<Stall> onStall;
    private volatile double lastMs;

    /** A probe that logs each stall as one WARN line. */
    public ResponsivenessProbe() {
        this(s -> log.warn("serving loop {} stalled for {} ms ({} tick(s) late, the worst by {} ms)", s.loop(),
                Math.round(s.lengthMs()), s.lateTicks(), Math.round(s.worstLagMs())));
    }

    /** A probe that hands each stall, once it ended, to {@code onStall}. */
    ResponsivenessProbe(Consumer<Stall> onStall) {
        this.onStall = onStall;
    }

    /** Starts ticking: the timer hands each tick to every executor in {@code serving}, where the lag is measured. */
    public void start(ScheduledExecutorService timer, List<java.util.concurrent.Executor> serving) {
        timer.scheduleAtFixedRate(() -> {
            long scheduled = System.nanoTime();
            for (int i = 0; i < serving.size(); i++) {
                int loop = i;
                serving.get(i).execute(() -> record(loop, scheduled, System.nanoTime()));
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** A tick for serving loop {@code loop}, due at {@code dueNanos}, ran at {@code ranNanos}. */
    void record(int loop, long dueNanos, long ranNanos) {
        double lagMs = (ranNanos - dueNanos) / 1e6;
        lastMs = lagMs;
        long now = System.currentTimeMillis();
        synchronized (samples) {
            samples.addLast(new Sample(now, lagMs));
            while (!samples.isEmpty() && samples.peekFirst().atMillis() < now - WINDOW_MS) {
                samples.pollFirst();
            }
        }
        Stall ended = stalls.computeIfAbsent(loop, i -> new StallTracker(i, LATE_MS)).tick(dueNanos, ranNanos);
        if (ended != null) {
            onStall.accept(ended);
        }
    }

    public Responsiveness snapshot() {
        List<Double> lags = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                lags.add(s.lagMs());
            }
        }
        if (lags.isEmpty()) {
            return Responsiveness.getDefaultInstance();
        }
        Collections.sort(lags);
        return Responsiveness.newBuilder()
                .setLastMs(lastMs)
                .setMaxMs(lags.get(lags.size() - 1))
                .setP99Ms(lags.get(Math.min(lags.size() - 1, (int) Math.ceil(0.99 * lags.size()) - 1)))
                .setSamples(lags.size())
                .build();
    }
}
