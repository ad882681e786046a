package io.memoryd.tools.load;

import java.util.List;
import java.util.Map;

/**
 * What a load run saw: latencies of every synthesize and health call, errors by gRPC status, how the
 * answers were served, resource samples and the faults injected along the way.
 *
 * @param empty OK answers with no content; must be zero, a failed render is never an empty success
 */
public record LoadResult(long elapsedMillis, LatencySeries synthesize, LatencySeries health,
        Map<String, Integer> synthesizeErrors, Map<String, Integer> healthErrors, int unexpectedErrors, int empty,
        int fallbacks, int retries, int coalesced, List<ResourceSample> resources, List<FaultMarker> faults) {

    public int synthesizeErrorCount() {
        return synthesizeErrors.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int healthErrorCount() {
        return healthErrors.values().stream().mapToInt(Integer::intValue).sum();
    }

    public double throughputPerSecond() {
        return elapsedMillis == 0 ? 0 : synthesize.count() * 1000.0 / elapsedMillis;
    }

    public ResourceSample firstResources() {
        return resources.isEmpty() ? null : resources.get(0);
    }

    public ResourceSample lastResources() {
        return resources.isEmpty() ? null : resources.get(resources.size() - 1);
    }

    /**
     * The first sample in which every renderer had reported its descriptors, or null. A renderer that has
     * just taken a slot (a start, a restart or a recycle) reports -1 until the pool's first status poll.
     */
    public ResourceSample firstWithRendererFds() {
        return resources.stream().filter(s -> s.rendererFds() >= 0).findFirst().orElse(null);
    }

    /** The last sample in which every renderer had reported its descriptors, or null. */
    public ResourceSample lastWithRendererFds() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i).rendererFds() >= 0) {
                return resources.get(i);
            }
        }
        return null;
    }
}
