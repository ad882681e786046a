package io.memoryd.daemon.supervisor;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends renderer processes the supervisor gives up on: SIGTERM (a renderer finishes its render in flight,
 * then exits), SIGKILL when it is still there after the grace, and first a thread dump when it hung. The
 * dump forks {@code kill -QUIT} and waits for it, so it runs on the pool's timer thread, never in the
 * caller (who may hold the pool's lock); SIGTERM and SIGKILL are single system calls. Thread-safe: it keeps
 * no state of its own.
 */
final class ProcessStopper {

    private final ScheduledExecutorService scheduler;
    private final Duration killGrace;

    ProcessStopper(ScheduledExecutorService scheduler, Duration killGrace) {
        this.scheduler = scheduler;
        this.killGrace = killGrace;
    }

    /** SIGTERM now, SIGKILL after the grace. */
    void terminateThenKill(RendererHandle handle) {
        handle.terminate();
        try {
            scheduler.schedule(() -> {
                if (!handle.exited().isDone()) {
                    handle.kill();
                }
            }, killGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            handle.kill(); // the pool has closed: no timer is left to wait out the grace
        }
    }

    /** A thread dump into its stderr (the daemon log), then {@link #terminateThenKill}; on the timer thread. */
    void dumpThenTerminate(RendererHandle handle) {
        try {
            scheduler.execute(() -> {
                handle.threadDump();
                terminateThenKill(handle);
            });
        } catch (RejectedExecutionException e) {
            handle.kill();
        }
    }
}
