package io.memoryd.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report of a stress or chaos run: verdict, pass criteria, the figures, and SVG
 * charts of latency over time (with fault markers), latency histograms and FDs and RSS over time.
 */
public final class HtmlReport {

    /** Dots per series on the time charts; beyond it samples are thinned evenly. */
    private static final int MAX_DOTS = 4000;
    private static final String SYNTH = "#1f77b4";
    private static final String HEALTH = "#ff7f0e";
    private static final String RENDERERS = "#2ca02c";
    private static final String TOTAL = "#9467bd";

    private HtmlReport() {
    }

    /**
     * @param facts name/value lines shown under the title (command, machine, workspace...)
     * @param figures rows of the figures table (name, value)
     */
    public static String render(String title, Map<String, String> facts, List<Criterion> criteria,
            List<String[]> figures, LoadResult result) {
        boolean passed = Criterion.allPassed(criteria);
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(SvgChart.escape(title)).append("</title>\n<style>\n")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:900px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:left}th{background:#f4f4f4}.pass{color:#1a7f37;font-weight:bold}")
                .append(".fail{color:#cf222e;font-weight:bold}.verdict{font-size:20px}svg{display:block;margin:8px 0}")
                .append("code{background:#f4f4f4;padding:1px 4px}\n</style></head><body>\n");
        h.append("<h1>").append(SvgChart.escape(title)).append("</h1>\n<p class=\"verdict ")
                .append(passed ? "pass\">PASS" : "fail\">FAIL").append("</p>\n<table>\n");
        facts.forEach((k, v) -> h.append("<tr><th>").append(SvgChart.escape(k)).append("</th><td><code>")
                .append(SvgChart.escape(v)).append("</code></td></tr>\n"));
        h.append("</table>\n<h2>Pass criteria</h2>\n<table><tr><th>criterion</th><th>measured</th><th>limit</th>"
                + "<th></th></tr>\n");
        for (Criterion c : criteria) {
            h.append("<tr><td>").append(SvgChart.escape(c.name())).append("</td><td>").append(SvgChart.escape(c.measured()))
                    .append("</td><td>").append(SvgChart.escape(c.limit())).append("</td><td class=\"")
                    .append(c.passed() ? "pass\">pass" : "fail\">FAIL").append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Figures</h2>\n<table>\n");
        for (String[] row : figures) {
            h.append("<tr><th>").append(SvgChart.escape(row[0])).append("</th><td>").append(SvgChart.escape(row[1]))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2 id=\"charts\">Charts</h2>\n");
        for (SvgChart chart : charts(result)) {
            h.append(chart.render());
        }
        if (!result.faults().isEmpty()) {
            h.append("<h2>Faults injected</h2>\n<table><tr><th>at (s)</th><th>fault</th></tr>\n");
            for (FaultMarker f : result.faults()) {
                h.append("<tr><td>").append(String.format(Locale.ROOT, "%.2f", f.atMillis() / 1000.0)).append("</td><td>")
                        .append(SvgChart.escape(f.label())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    static List<SvgChart> charts(LoadResult r) {
        double seconds = r.elapsedMillis() / 1000.0;
        List<SvgChart> charts = new ArrayList<>();
        charts.add(new SvgChart("Synthesize latency over time", "seconds into the run", "ms")
                .add(dots("synthesize", SYNTH, r.synthesize())).markers(r.faults()).xMax(seconds)
                .yCap(r.synthesize().summary().p99() * 1.2));
        charts.add(new SvgChart("Health latency over time", "seconds into the run", "ms")
                .add(dots("health", HEALTH, r.health())).markers(r.faults()).xMax(seconds)
                .yCap(r.health().summary().p99() * 1.2));
        charts.add(histogram("Synthesize latency histogram", "synthesize", SYNTH, r.synthesize()));
        charts.add(histogram("Health latency histogram", "health", HEALTH, r.health()));
        List<double[]> daemonFds = new ArrayList<>();
        List<double[]> rendererFds = new ArrayList<>();
        List<double[]> daemonRss = new ArrayList<>();
        List<double[]> rendererRss = new ArrayList<>();
        List<double[]> totalRss = new ArrayList<>();
        for (ResourceSample s : r.resources()) {
            double t = s.atMillis() / 1000.0;
            daemonFds.add(new double[] {t, s.daemonFds()});
            if (s.rendererFds() >= 0) {
                rendererFds.add(new double[] {t, s.rendererFds()});
            }
            daemonRss.add(new double[] {t, s.daemonRssBytes() / 1048576.0});
            rendererRss.add(new double[] {t, s.rendererRssBytes() / 1048576.0});
            totalRss.add(new double[] {t, s.totalRssBytes() / 1048576.0});
        }
        charts.add(new SvgChart("Open file descriptors over time", "seconds into the run", "FDs")
                .add(new SvgChart.Series("daemon", SYNTH, SvgChart.Style.LINE, daemonFds))
                .add(new SvgChart.Series("renderers", RENDERERS, SvgChart.Style.LINE, rendererFds))
                .markers(r.faults()).xMax(seconds));
        charts.add(new SvgChart("Resident memory over time", "seconds into the run", "MiB")
                .add(new SvgChart.Series("daemon", SYNTH, SvgChart.Style.LINE, daemonRss))
                .add(new SvgChart.Series("renderers", RENDERERS, SvgChart.Style.LINE, rendererRss))
                .add(new SvgChart.Series("total", TOTAL, SvgChart.Style.LINE, totalRss))
                .markers(r.faults()).xMax(seconds));
        return charts;
    }

    private static SvgChart.Series dots(String name, String colour, LatencySeries series) {
        List<LatencySeries.Sample> samples = series.snapshot();
        int step = Math.max(1, samples.size() / MAX_DOTS);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += step) {
            points.add(new double[] {samples.get(i).atMillis() / 1000.0, samples.get(i).millis()});
        }
        return new SvgChart.Series(name, colour, SvgChart.Style.DOTS, points);
    }

    /** 30 equal bins from 0 to the p99.9 latency; the slowest tail lands in the last bin. */
    private static SvgChart histogram(String title, String name, String colour, LatencySeries series) {
        double[] v = series.snapshot().stream().mapToDouble(LatencySeries.Sample::millis).sorted().toArray();
        int bins = 30;
        List<double[]> points = new ArrayList<>();
        if (v.length > 0) {
            double top = Math.max(0.001, LatencySeries.percentile(v, 99.9));
            int[] counts = new int[bins];
            for (double x : v) {
                counts[Math.min(bins - 1, (int) (x / top * bins))]++;
            }
            for (int i = 0; i < bins; i++) {
                points.add(new double[] {(i + 0.5) * top / bins, counts[i]});
            }
        }
        return new SvgChart(title, "ms", "calls").add(new SvgChart.Series(name, colour, SvgChart.Style.BARS, points));
    }
}
