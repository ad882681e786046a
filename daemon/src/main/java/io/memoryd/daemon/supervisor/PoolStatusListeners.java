package io.memoryd.daemon.supervisor;

import io.memoryd.proto.v1.RendererPoolStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The watchers of the pool status (the {@code WatchRendererPool} streams). Each change is announced on
 * the callback executor with a fresh snapshot, so the pool may announce while holding its lock.
 */
final class PoolStatusListeners {

    private final List<Consumer<RendererPoolStatus>> listeners = new CopyOnWriteArrayList<>();
    private final Executor executor;
    private final Supplier<RendererPoolStatus> snapshot;

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
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                RendererPoolStatus s = snapshot.get();
                for (Consumer<RendererPoolStatus> l : listeners) {
                    l.accept(s);
                }
            });
        } catch (RejectedExecutionException e) {
            // the pool is closing: nobody is left to tell
        }
    }
}
