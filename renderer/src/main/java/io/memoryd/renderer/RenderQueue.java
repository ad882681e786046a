package io.memoryd.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs renders one at a time in arrival order on one thread, like the reference's render worker. A
 * queued job can be withdrawn (its caller went away); stopping refuses new jobs, lets the running one
 * finish within a grace period and hands the queued ones back for the caller to fail.
 */
final class RenderQueue {

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "memoryd-render");
                t.setDaemon(true);
                return t;
            });

    /** Enqueues a job; false when the queue is stopping. */
    boolean submit(Runnable job) {
        try {
            executor.execute(job);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Removes a job that has not started; true when it was still waiting. */
    boolean withdraw(Runnable job) {
        return executor.remove(job);
    }

    int queued() {
        return executor.getQueue().size();
    }

    /** Refuses new jobs, returns the ones still waiting, and waits up to the grace for the running one. */
    List<Runnable> stop(long graceMillis) throws InterruptedException {
        List<Runnable> waiting = new ArrayList<>();
        executor.getQueue().drainTo(waiting);
        executor.shutdown();
        executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
        return waiting;
    }
}
