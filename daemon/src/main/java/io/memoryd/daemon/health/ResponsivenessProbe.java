package io.memoryd.daemon.health;

import io.memoryd.proto.v1.Responsiveness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how late a tick scheduled every 100 ms runs on each executor that serves RPCs: the lag a
 * caller would see. Keeps the last minute of samples; a lag over 100 ms is logged once per stall.
 */
public final class ResponsivenessProbe {

    private static final Logger log = LoggerFactory.getLogger(ResponsivenessProbe.class);
    private static final long PERIOD_MS = 100;
    private static final long WINDOW_MS = 60_000;

    private record Sample(long atMillis, double lagMs) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private volatile double lastMs;

    /** Starts ticking: the timer hands each tick to every executor in {@code serving}, where the lag is measured. */
    public void start(ScheduledExecutorService timer, List<java.util.concurrent.Executor> serving) {
        timer.scheduleAtFixedRate(() -> {
            long scheduled = System.nanoTime();
            for (java.util.concurrent.Executor loop : serving) {
                loop.execute(() -> record((System.nanoTime() - scheduled) / 1e6));
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    void record(double lagMs) {
        lastMs = lagMs;
        long now = System.currentTimeMillis();
        synchronized (samples) {
            samples.addLast(new Sample(now, lagMs));
            while (!samples.isEmpty() && samples.peekFirst().atMillis() < now - WINDOW_MS) {
                samples.pollFirst();
            }
        }
        if (lagMs > 100) {
            log.warn("serving executor lagged {} ms behind a scheduled tick", Math.round(lagMs));
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
