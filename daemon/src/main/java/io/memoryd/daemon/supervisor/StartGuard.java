package io.memoryd.daemon.supervisor;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Watches a starting renderer until its READY handshake: when the readiness deadline passes first, or the
 * handshake fails while the process still runs (its first stdout line was not READY), the process is
 * handed to {@code failStart} with the reason, to be ended as a failed start. A process that exits before
 * READY is left to the exit path. Thread-safe: it keeps no state of its own.
 */
final class StartGuard {

    private final ScheduledExecutorService scheduler;
    private final Duration readinessDeadline;
    private final BiConsumer<RendererHandle, String> failStart;

    StartGuard(ScheduledExecutorService scheduler, Duration readinessDeadline,
            BiConsumer<RendererHandle, String> failStart) {
        this.scheduler = scheduler;
        this.readinessDeadline = readinessDeadline;
        this.failStart = failStart;
    }

    void watch(RendererHandle handle) {
        handle.ready().whenComplete((ignored, t) -> {
            if (t != null && !handle.exited().isDone()) {
                failStart.accept(handle, "its handshake failed: " + (t.getMessage() == null ? t : t.getMessage()));
            }
        });
        scheduler.schedule(() -> {
            if (!handle.ready().isDone() && !handle.exited().isDone()) {
                failStart.accept(handle, "it missed its " + readinessDeadline.toMillis() + " ms readiness deadline");
            }
        }, readinessDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
