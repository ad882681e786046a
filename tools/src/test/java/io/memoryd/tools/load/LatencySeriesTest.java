package io.memoryd.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles as the reports print them: nearest rank over every sample. */
class LatencySeriesTest {

    @Test
    void summarizesByNearestRank() {
        LatencySeries s = new LatencySeries();
        for (int i = 1; i <= 100; i++) {
            s.add(i, i);
        }

        LatencySeries.Summary sum = s.summary();

        assertEquals(100, sum.count());
        assertEquals(50, sum.p50());
        assertEquals(95, sum.p95());
        assertEquals(99, sum.p99());
        assertEquals(100, sum.max());
    }

    @Test
    void emptySeriesSummarizesToZeros() {
        assertEquals(new LatencySeries.Summary(0, 0, 0, 0, 0), new LatencySeries().summary());
    }

    @Test
    void medianOfUnsortedValues() {
        assertEquals(3.0, LatencySeries.median(List.of(5.0, 1.0, 3.0, 4.0, 2.0)));
    }
}
