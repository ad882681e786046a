package io.memoryd.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a chart draws: capped axes, fault markers by kind, escaped text. */
class SvgChartTest {

    private static SvgChart.Series dots(double... ys) {
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < ys.length; i++) {
            points.add(new double[] {i, ys[i]});
        }
        return new SvgChart.Series("synthesize", "#1f77b4", SvgChart.Style.DOTS, points);
    }

    @Test
    void cappedAxisCountsThePointsAboveItInTheTitle() {
        String svg = new SvgChart("Latency", "s", "ms").add(dots(1, 2, 3, 500, 900)).yCap(4).render();

        assertTrue(svg.contains("Latency (2 points above the axis"), svg);
        assertEquals(5, svg.split("<circle").length - 1);
    }

    @Test
    void processFaultsAreRedAndFileChurnIsGrey() {
        String svg = new SvgChart("Latency", "s", "ms").add(dots(1, 2))
                .markers(List.of(new FaultMarker(500, "kill -9 renderer r0-g1"), new FaultMarker(800, "rewrite x.md")))
                .render();

        assertTrue(svg.contains("class=\"fault\""));
        assertTrue(svg.contains("class=\"churn\""));
    }

    @Test
    void textIsEscaped() {
        String svg = new SvgChart("a < b & \"c\"", "s", "ms").render();

        assertTrue(svg.contains("a &lt; b &amp; &quot;c&quot;"));
        assertFalse(svg.contains("a < b"));
    }

    @Test
    void axisEndsAreRoundNumbers() {
        assertEquals(1.2, SvgChart.niceCeiling(1.13), 1e-9);
        assertEquals(30, SvgChart.niceCeiling(25.5), 1e-9);
        assertEquals(1000, SvgChart.niceCeiling(801), 1e-9);
    }
}
