package io.memoryd.daemon.supervisor;

import java.util.ArrayDeque;
import java.util.random.RandomGenerator;

/**
 * The restarts of one slot: when they happened (for the restart intensity: too many in the window and the
 * slot goes DEGRADED) and how many in a row came without a served render between them (for the backoff,
 * which doubles per consecutive restart). Not thread-safe: {@link RendererSlot} holds it under its lock.
 */
final class RestartHistory {

    private final ArrayDeque<Long> times = new ArrayDeque<>();
    private int consecutive;

    /** Restarts in the last {@code windowMillis}; older ones are forgotten. */
    int within(long windowMillis, long now) {
        while (!times.isEmpty() && times.peekFirst() < now - windowMillis) {
            times.pollFirst();
        }
        return times.size();
    }

    /** Restarts remembered (those of the window as of the last {@link #within} call, plus later ones). */
    int remembered() {
        return times.size();
    }

    /**
     * Counts a restart and returns its delay: none for the first in a row (a renderer that crashed after
     * serving is replaced at once: its renders wait for the replacement), then exponential from
     * {@code baseMillis}, capped, plus up to 50% jitter. A crash loop is still bounded by the restart intensity.
     */
    long record(long now, long baseMillis, long maxMillis, RandomGenerator random) {
        times.addLast(now);
        consecutive++;
        if (consecutive == 1) {
            return 0;
        }
        long delay = Math.min(maxMillis, baseMillis << Math.min(20, consecutive - 2));
        return delay + random.nextLong(delay / 2 + 1);
    }

    /** A render was served: the next restart waits the base delay again. */
    void served() {
        consecutive = 0;
    }

    /** A DEGRADED slot is probed with a clean record. */
    void clear() {
        times.clear();
        consecutive = 0;
    }
}
