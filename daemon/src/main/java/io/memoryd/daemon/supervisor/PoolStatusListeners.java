package io.memoryd.daemon.supervisor;

import io.memoryd.proto.v1.RendererPoolStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The watchers of the pool status (the {@code WatchRendererPool} streams). Each change is announced on
 * the callback executor with a fresh snapshot, so the pool may announce while holding its lock. Changes
 * that come while an announcement is still waiting to run join it (it reads the status when it runs), so
 * at most one announcement is ever queued, and announcements run one at a time, so watchers see
 * statuses in the order they were read.
 */
final class PoolStatusListeners {

    private final List<Consumer<RendererPoolStatus>> listeners = new CopyOnWriteArrayList<>();
    private final Executor executor;
    private final Supplier<RendererPoolStatus> snapshot;
    /** An announcement is queued and has not started yet. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Object announcing = new Object();

    PoolStatusListeners(Executor executor, Supplier<RendererPoolStatus> snapshot) {
        this.executor = executor;
        this.snapshot = snapshot;
    }

    void add(Consumer<RendererPoolStatus> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<RendererPoolStatus> listener) {
        listeners.remove(listener);
    }

    /** Sends every listener the status as it is when the announcement runs. */
    void changed() {
        if (listeners.isEmpty() || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                synchronized (announcing) {
                    // Cleared before the status is read: a change after this point queues the next announcement.
                    queued.set(false);
                    RendererPoolStatus s = snapshot.get();
                    for (Consumer<RendererPoolStatus> l : listeners) {
                        l.accept(s);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            queued.set(false); // the pool is closing: nobody is left to tell
        }
    }
}
