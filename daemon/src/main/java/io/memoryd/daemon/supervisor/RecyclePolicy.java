package io.memoryd.daemon.supervisor;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a healthy renderer is replaced anyway: after a number of renders, when its live heap (after GC)
 * passes a fraction of its limit, or at an age. The render and age limits get downward jitter per process
 * so that renderers started together are not recycled together.
 *
 * @param maxRenders renders one process serves before it is replaced
 * @param maxHeapFraction live heap after GC, as a fraction of the heap limit, that triggers a replacement
 * @param maxAge age of a process that triggers a replacement
 * @param pollInterval how often the supervisor asks each renderer for its status (heap, RSS, FDs)
 * @param jitter fraction (0..1) taken off the render and age limits at random, per process
 */
public record RecyclePolicy(long maxRenders, double maxHeapFraction, Duration maxAge, Duration pollInterval,
        double jitter) {

    /** Production defaults: generous limits, so a replacement is the exception (and never a capacity dip). */
    public static RecyclePolicy defaults() {
        return new RecyclePolicy(20_000, 0.8, Duration.ofHours(6), Duration.ofSeconds(5), 0.1);
    }

    long jitteredRenders(RandomGenerator random) {
        return Math.max(1, maxRenders - (long) (maxRenders * jitter * random.nextDouble()));
    }

    long jitteredAgeMillis(RandomGenerator random) {
        long age = maxAge.toMillis();
        return Math.max(1, age - (long) (age * jitter * random.nextDouble()));
    }

    /** The reason a process with these figures is due for replacement, or null when it is not. */
    String dueReason(long processServed, long renderLimit, long ageMillis, long ageLimitMillis, long heapAfterGc,
            long heapMax) {
        if (processServed >= renderLimit) {
            return processServed + " renders served (limit " + renderLimit + ")";
        }
        if (ageMillis >= ageLimitMillis) {
            return "age " + ageMillis / 1000 + " s (limit " + ageLimitMillis / 1000 + " s)";
        }
        if (heapMax > 0 && heapAfterGc >= maxHeapFraction * heapMax) {
            return "live heap " + heapAfterGc / (1 << 20) + " MiB of " + heapMax / (1 << 20) + " MiB";
        }
        return null;
    }
}
