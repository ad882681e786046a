package io.memoryd.daemon.supervisor;

import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memoryd.proto.v1.RendererSlotStatus;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The renders one {@link RendererSlot} owes and has served: the daemon-side queue of renders waiting for
 * it, the one in flight (at most one is sent at a time), its served and failed counts, the streak of
 * renders its current process failed by its own fault, and its recent render times. The dispatcher
 * changes it only through these methods; the slot tells it when its process changes.
 *
 * <p>Thread-safety: guarded by the pool's lock, as its slot is, taken in each method (re-entrantly).
 */
@ThreadSafe
final class SlotRenders {

    private final RendererSlot slot;
    private final Object lock;
    @GuardedBy("lock") private PendingRender inFlight;
    @GuardedBy("lock") private final ArrayDeque<PendingRender> queue = new ArrayDeque<>();
    @GuardedBy("lock") private long served;
    @GuardedBy("lock") private long failed;
    /** Renders in a row the current process failed by its own fault. */
    @GuardedBy("lock") private final FailureStreak failures = new FailureStreak();
    @GuardedBy("lock") private final LatencyWindow latencies = new LatencyWindow();

    SlotRenders(RendererSlot slot, Object lock) {
        this.slot = slot;
        this.lock = lock;
    }

    void enqueue(PendingRender pending) {
        synchronized (lock) {
            queue.add(pending);
        }
    }

    /** Ahead of the queue: a render retried here after another renderer failed it. */
    void enqueueFirst(PendingRender pending) {
        synchronized (lock) {
            queue.addFirst(pending);
        }
    }

    /** The next queued render, now in flight; null when the slot is not ready, busy, or has none queued. */
    PendingRender takeNext() {
        synchronized (lock) {
            if (!slot.ready() || inFlight != null || queue.isEmpty()) {
                return null;
            }
            inFlight = queue.poll();
            return inFlight;
        }
    }

    /** Whether {@code pending} is in flight on the slot's process of {@code generation}. */
    boolean rendering(int generation, PendingRender pending) {
        synchronized (lock) {
            return slot.generation() == generation && inFlight == pending;
        }
    }

    /** The render in flight was served in {@code renderMs}: it ends the failure streak and the restart backoff. */
    void served(PendingRender pending, double renderMs) {
        synchronized (lock) {
            endInFlight(pending, "serve");
            served++;
            failures.end();
            latencies.record(renderMs);
            slot.processServed();
        }
    }

    /** The render in flight failed with {@code failure}, which becomes the slot's last error. */
    void failed(PendingRender pending, String failure) {
        synchronized (lock) {
            endInFlight(pending, "fail");
            failed++;
            slot.noteError(failure);
        }
    }

    /** Counts one failure by the process's own fault; true when the streak reached {@code limit}. */
    boolean extendFailureStreak(String failure, int limit) {
        synchronized (lock) {
            return failures.extend(failure, limit);
        }
    }

    /** The streak, for the exit reason. */
    String failureStreak() {
        synchronized (lock) {
            return failures.describe();
        }
    }

    /** What the slot still owed when its process ended. */
    record Orphans(PendingRender inFlight, List<PendingRender> queued) {
    }

    /** The render in flight (or null) and the queued ones, taken away: the process ended. */
    Orphans takeBack() {
        synchronized (lock) {
            Orphans orphans = new Orphans(inFlight, List.copyOf(queue));
            inFlight = null;
            queue.clear();
            return orphans;
        }
    }

    /** Renders in flight plus queued. */
    int load() {
        synchronized (lock) {
            return (inFlight == null ? 0 : 1) + queue.size();
        }
    }

    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * The slot has a new process: the failure streak was the old one's. When the old one was recycled
     * ({@code dropInFlight}), its render in flight stays its call's, answered by it or retried elsewhere.
     */
    void newProcess(boolean dropInFlight) {
        synchronized (lock) {
            failures.end();
            if (dropInFlight) {
                inFlight = null;
            }
        }
    }

    /** Adds the render figures to the slot's status. */
    void describe(RendererSlotStatus.Builder b) {
        synchronized (lock) {
            b.setRendersServed(served)
                    .setRendersFailed(failed)
                    .setInFlight(inFlight == null ? 0 : 1)
                    .setQueued(queue.size())
                    .setRenderP50Ms(latencies.percentile(0.5))
                    .setRenderP99Ms(latencies.percentile(0.99));
        }
    }

    @GuardedBy("lock")
    private void endInFlight(PendingRender pending, String what) {
        if (inFlight != pending) {
            throw new IllegalStateException("renderer slot " + slot.index() + " cannot " + what
                    + " a render that is not the one in flight");
        }
        inFlight = null;
    }
}
