package io.memoryd.memory.index;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Function;

/**
 * The index's worker pool: stats, reads and parses files in parallel while every DB write stays on the
 * caller's thread. {@link #start} lets the caller parse the next batch while it writes the current one, so
 * on a small machine the parse and the SQLite write overlap instead of taking turns. Thread-safe.
 */
final class IndexWorkers implements AutoCloseable {

    /** Below this many items the pool's hand-off costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 64;

    private final ForkJoinPool pool;

    /** @param threads how many workers (at least 1) */
    IndexWorkers(int threads) {
        this.pool = new ForkJoinPool(Math.max(1, threads), p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("memoryd-index-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Maps {@code items} on the pool, keeping their order, and waits for the result. */
    <T, R> List<R> map(List<T> items, Function<T, R> work) {
        return start(items, work).join();
    }

    /** Starts mapping {@code items} on the pool, keeping their order; the work goes on while the caller writes. */
    <T, R> Pending<R> start(List<T> items, Function<T, R> work) {
        if (items.size() < PARALLEL_THRESHOLD) {
            return new Pending<>(null, items.stream().map(work).toList());
        }
        return new Pending<>(pool.submit(() -> items.parallelStream().map(work).toList()), null);
    }

    /** A mapping started by {@link #start}: already done (small inputs), or running on the pool. */
    static final class Pending<R> {
        private final ForkJoinTask<List<R>> task;
        private final List<R> done;

        private Pending(ForkJoinTask<List<R>> task, List<R> done) {
            this.task = task;
            this.done = done;
        }

        /** Waits for the result; a failure of the work is rethrown as it was thrown. */
        List<R> join() {
            if (task == null) {
                return done;
            }
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while indexing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Gives up on the result (the pass failed); work already running finishes on its own. */
        void cancel() {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    /** Stops the pool. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
