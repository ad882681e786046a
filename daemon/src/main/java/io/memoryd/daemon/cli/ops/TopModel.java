package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.RendererPoolStatus;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What {@code memoryctl top} knows: the latest health and pool, the render rate between the last two pool
 * readings, recent pool events and whether the daemon is reachable. Fed by the stream's and the ticker's
 * threads, read by the drawing thread. Thread-safe: every method holds this object's lock.
 */
final class TopModel {

    /** Recent events kept for the log lines. */
    static final int EVENTS = 6;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One consistent reading for a frame. */
    record Snapshot(HealthResponse health, RendererPoolStatus pool, double rendersPerSecond, List<String> events,
            String unreachable, String now) {
    }

    private final Clock clock;
    private HealthResponse health;
    private RendererPoolStatus pool;
    private long rateRenders = -1;
    private long rateAtMs;
    private double rendersPerSecond = -1;
    private final Deque<String> events = new ArrayDeque<>();
    private String unreachable;

    TopModel(Clock clock) {
        this.clock = clock;
    }

    synchronized void health(HealthResponse h) {
        health = h;
        reachable();
    }

    /** A pool status from the stream or the ticker: logs what changed, and the rate when {@code tick}. */
    synchronized void pool(RendererPoolStatus p, boolean tick) {
        for (String event : PoolEvents.between(pool, p)) {
            event(event);
        }
        pool = p;
        if (tick) {
            long now = clock.millis();
            long renders = p.getTotals().getRenders();
            if (rateRenders >= 0 && now > rateAtMs) {
                rendersPerSecond = Math.max(0, renders - rateRenders) * 1000.0 / (now - rateAtMs);
            }
            rateRenders = renders;
            rateAtMs = now;
        }
        reachable();
    }

    /** The daemon did not answer; {@code why} is shown until it answers again. */
    synchronized void unreachable(String why) {
        if (unreachable == null) {
            event("daemon unreachable: " + why);
        }
        unreachable = why;
        rendersPerSecond = -1;
        rateRenders = -1;
    }

    private void reachable() {
        if (unreachable != null) {
            unreachable = null;
            event("daemon reachable again");
        }
    }

    private void event(String text) {
        events.addFirst(now() + " " + text);
        while (events.size() > EVENTS) {
            events.removeLast();
        }
    }

    private String now() {
        return LocalTime.ofInstant(clock.instant(), clock.getZone() == null ? ZoneId.systemDefault()
                : clock.getZone()).format(TIME);
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(health, pool, rendersPerSecond, List.copyOf(events), unreachable, now());
    }
}
