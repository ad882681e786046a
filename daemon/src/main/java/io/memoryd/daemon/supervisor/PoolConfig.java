package io.memoryd.daemon.supervisor;

import java.time.Duration;

/**
 * How the renderer pool behaves: its size, deadlines, restart policy and queue bounds.
 *
 * @param renderers number of renderer processes
 * @param readinessDeadline how long a renderer may take to print READY before it is killed (failed start)
 * @param requestDeadline how long one render may go without progress before the renderer is treated as hung: a
 *     render past it whose renderer reports progress within the last {@code requestDeadline} (a long first index
 *     pass, batch after batch) is waited for, up to {@code progressLimit}
 * @param killGrace how long after SIGTERM a hung renderer gets before SIGKILL
 * @param backoffBase first restart delay, doubled per consecutive restart (with jitter)
 * @param backoffMax longest restart delay
 * @param restartIntensity restarts allowed per {@code restartWindow} before the slot is DEGRADED
 * @param restartWindow the window restarts are counted in
 * @param healInterval how long a DEGRADED slot waits before it is probed again
 * @param maxQueued requests waiting for renderers across the pool before RESOURCE_EXHAUSTED
 * @param recycle when healthy renderers are replaced anyway
 * @param maxAgents agents each renderer keeps warm state for ({@code --max-agents}); the pool remembers which
 *     renderer served an agent for at most {@code maxAgents} agents per renderer, least recently routed forgotten
 * @param failureStreakLimit renders in a row that may fail by the renderer's fault (UNAVAILABLE, INTERNAL and
 *     the like, answered before the deadline: a broken database, a deleted socket) before the renderer is
 *     replaced like a crashed one; a served render resets the count, and a caller's INVALID_ARGUMENT or a
 *     deadline does not count
 * @param progressLimit how long a render that keeps progressing is waited for in all, before its renderer is
 *     treated as hung all the same
 */
public record PoolConfig(int renderers, Duration readinessDeadline, Duration requestDeadline, Duration killGrace,
        Duration backoffBase, Duration backoffMax, int restartIntensity, Duration restartWindow,
        Duration healInterval, int maxQueued, RecyclePolicy recycle, int maxAgents, int failureStreakLimit,
        Duration progressLimit) {

    /** Default for {@code maxAgents}, the daemon's {@code --max-agents}. */
    public static final int DEFAULT_MAX_AGENTS = 256;
    /** Default for {@code failureStreakLimit}. */
    public static final int DEFAULT_FAILURE_STREAK_LIMIT = 3;
    /** Default for {@code progressLimit}: generous, since a render that progresses is no hang. */
    public static final Duration DEFAULT_PROGRESS_LIMIT = Duration.ofMinutes(10);

    public PoolConfig {
        if (maxAgents < 1) {
            throw new IllegalArgumentException("maxAgents must be at least 1, got " + maxAgents);
        }
        if (failureStreakLimit < 1) {
            throw new IllegalArgumentException("failureStreakLimit must be at least 1, got " + failureStreakLimit);
        }
        if (progressLimit.compareTo(requestDeadline) < 0) {
            progressLimit = requestDeadline; // never shorter than the deadline it extends
        }
    }

    /** Everything but {@code progressLimit}, which is the default. */
    public PoolConfig(int renderers, Duration readinessDeadline, Duration requestDeadline, Duration killGrace,
            Duration backoffBase, Duration backoffMax, int restartIntensity, Duration restartWindow,
            Duration healInterval, int maxQueued, RecyclePolicy recycle, int maxAgents, int failureStreakLimit) {
        this(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax, restartIntensity,
                restartWindow, healInterval, maxQueued, recycle, maxAgents, failureStreakLimit, DEFAULT_PROGRESS_LIMIT);
    }

    /** Everything but {@code maxAgents}, {@code failureStreakLimit} and {@code progressLimit}, which are the defaults. */
    public PoolConfig(int renderers, Duration readinessDeadline, Duration requestDeadline, Duration killGrace,
            Duration backoffBase, Duration backoffMax, int restartIntensity, Duration restartWindow,
            Duration healInterval, int maxQueued, RecyclePolicy recycle) {
        this(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax, restartIntensity,
                restartWindow, healInterval, maxQueued, recycle, DEFAULT_MAX_AGENTS, DEFAULT_FAILURE_STREAK_LIMIT);
    }

    /** Production defaults (docs/supervisor.md §10). */
    public static PoolConfig defaults(int renderers) {
        return new PoolConfig(renderers, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), 5, Duration.ofSeconds(60), Duration.ofSeconds(30), 64,
                RecyclePolicy.defaults());
    }

    public PoolConfig withRequestDeadline(Duration d) {
        return new PoolConfig(renderers, readinessDeadline, d, killGrace, backoffBase, backoffMax, restartIntensity,
                restartWindow, healInterval, maxQueued, recycle, maxAgents, failureStreakLimit, progressLimit);
    }

    public PoolConfig withHealInterval(Duration d) {
        return new PoolConfig(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax,
                restartIntensity, restartWindow, d, maxQueued, recycle, maxAgents, failureStreakLimit, progressLimit);
    }

    public PoolConfig withReadinessDeadline(Duration d) {
        return new PoolConfig(renderers, d, requestDeadline, killGrace, backoffBase, backoffMax, restartIntensity,
                restartWindow, healInterval, maxQueued, recycle, maxAgents, failureStreakLimit, progressLimit);
    }

    public PoolConfig withRecycle(RecyclePolicy r) {
        return new PoolConfig(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax,
                restartIntensity, restartWindow, healInterval, maxQueued, r, maxAgents, failureStreakLimit, progressLimit);
    }

    public PoolConfig withMaxAgents(int n) {
        return new PoolConfig(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax,
                restartIntensity, restartWindow, healInterval, maxQueued, recycle, n, failureStreakLimit, progressLimit);
    }

    public PoolConfig withFailureStreakLimit(int n) {
        return new PoolConfig(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax,
                restartIntensity, restartWindow, healInterval, maxQueued, recycle, maxAgents, n, progressLimit);
    }

    public PoolConfig withProgressLimit(Duration d) {
        return new PoolConfig(renderers, readinessDeadline, requestDeadline, killGrace, backoffBase, backoffMax,
                restartIntensity, restartWindow, healInterval, maxQueued, recycle, maxAgents, failureStreakLimit, d);
    }
}
