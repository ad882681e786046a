package io.memoryd.renderer;

import io.memoryd.memory.index.IndexProgress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * How far the render in flight has got, for the Status RPC: the supervisor asks it when a render passes
 * its deadline, and keeps waiting for a render that progresses (a long first index pass) instead of
 * killing its renderer as hung. A render progresses when it starts and each time its index pass stores a
 * batch; the index pass is told through the {@link IndexProgress} this implements.
 *
 * <p>Thread-safety: safe for any thread; the state is one immutable value swapped atomically.
 */
public final class RenderProgress implements IndexProgress {

    /** What the render in flight is doing, and how long ago it last progressed. */
    public record Snapshot(String phase, long done, long total, long ageMillis) {
        /** No render runs. */
        static final Snapshot IDLE = new Snapshot("", 0, 0, -1);
    }

    private record State(String phase, long done, long total, long atNanos) {
    }

    private final LongSupplier nanoTime;
    private final AtomicReference<State> state = new AtomicReference<>();

    public RenderProgress() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic clock progress is timed by (tests script it) */
    public RenderProgress(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A render started: it is progress too. */
    public void started() {
        state.set(new State("rendering", 0, 0, nanoTime.getAsLong()));
    }

    @Override
    public void indexed(String scope, int done, int total) {
        // Rendering again once the pass has stored its last batch: what follows is the projection.
        state.set(done >= total ? new State("rendering", 0, 0, nanoTime.getAsLong())
                : new State("indexing", done, total, nanoTime.getAsLong()));
    }

    /** The render ended. */
    public void finished() {
        state.set(null);
    }

    public Snapshot snapshot() {
        State s = state.get();
        if (s == null) {
            return Snapshot.IDLE;
        }
        return new Snapshot(s.phase(), s.done(), s.total(), Math.max(0, (nanoTime.getAsLong() - s.atNanos()) / 1_000_000));
    }
}
