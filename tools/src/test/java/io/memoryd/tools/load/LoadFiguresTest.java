package io.memoryd.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FD criteria of a load run, from its resource samples. */
class LoadFiguresTest {

    private static LoadResult runWithRendererFds(int... rendererFds) {
        LatencySeries synthesize = new LatencySeries();
        synthesize.add(0, 5.0);
        LatencySeries health = new LatencySeries();
        health.add(0, 1.0);
        List<ResourceSample> samples = new ArrayList<>();
        for (int i = 0; i < rendererFds.length; i++) {
            samples.add(new ResourceSample(i * 500L, 84, 1, 1, rendererFds[i], 1, "NORMAL"));
        }
        return new LoadResult(1000, synthesize, health, Map.of(), Map.of(), 0, 0, 0, 0, 0, samples, List.of());
    }

    private static Criterion rendererCriterion(LoadResult r) {
        List<Criterion> criteria = new ArrayList<>();
        LoadFigures.addCriteria(criteria, r, 5, 0, 0, 5);
        return criteria.stream().filter(c -> c.name().equals("renderer FD growth")).findFirst().orElseThrow();
    }

    @Test
    void rendererFdGrowth_endsAtTheLastSampleEveryRendererReported() {
        // The last sample was taken just after a recycle: the new renderer had not reported yet.
        Criterion c = rendererCriterion(runWithRendererFds(138, 139, -1));

        assertEquals("138 -> 139", c.measured());
        assertTrue(c.passed());
    }

    @Test
    void rendererFdGrowth_startsAtTheFirstSampleEveryRendererReported() {
        Criterion c = rendererCriterion(runWithRendererFds(-1, 138, 140));

        assertEquals("138 -> 140", c.measured());
        assertTrue(c.passed());
    }

    @Test
    void rendererFdGrowth_countsGrowthUpToThatSample() {
        Criterion c = rendererCriterion(runWithRendererFds(138, 150, -1));

        assertFalse(c.passed());
    }

    @Test
    void rendererFdGrowth_failsWhenTheRenderersNeverReported() {
        Criterion c = rendererCriterion(runWithRendererFds(-1, -1));

        assertFalse(c.passed(), c.toString());
    }
}
