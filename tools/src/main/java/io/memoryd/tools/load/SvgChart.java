package io.memoryd.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained SVG chart: numbered axes, series drawn as dots, lines or bars, and vertical fault
 * markers. Pure string building, so a report opens in any browser with no network and no script.
 */
public final class SvgChart {

    /** A named set of points drawn in one colour. */
    public record Series(String name, String colour, Style style, List<double[]> points) {
    }

    /** How a series is drawn. */
    public enum Style { DOTS, LINE, BARS }

    private static final int WIDTH = 860;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<FaultMarker> markers = new ArrayList<>();
    private double xMax = Double.NaN;
    private double yCap = Double.NaN;

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    public SvgChart markers(List<FaultMarker> faults) {
        markers.addAll(faults);
        return this;
    }

    /** Fixes the right end of the x axis (e.g. the run's length) instead of the largest point. */
    public SvgChart xMax(double max) {
        xMax = max;
        return this;
    }

    /**
     * Caps the y axis (e.g. at a high percentile) so a few outliers do not flatten everything else; points
     * above it are drawn on the top edge and counted in the title.
     */
    public SvgChart yCap(double cap) {
        yCap = cap;
        return this;
    }

    public String render() {
        double maxX = Double.isNaN(xMax) ? 0 : xMax;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        int above = 0;
        if (!Double.isNaN(yCap) && yCap > 0 && yCap < maxY) {
            for (Series s : series) {
                above += (int) s.points().stream().filter(p -> p[1] > yCap).count();
            }
            maxY = yCap;
        }
        maxX = niceCeiling(maxX);
        maxY = niceCeiling(maxY);
        String shownTitle = above == 0 ? title : title + " (" + above + " points above the axis, drawn on its top edge)";
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        svg.append(text(LEFT, 18, "start", "title", shownTitle));
        axes(svg, maxX, maxY);
        svg.append("<g class=\"data\">\n");
        for (Series s : series) {
            plot(svg, s, maxX, maxY);
        }
        svg.append("</g>\n");
        for (FaultMarker m : markers) {
            double x = x(m.atMillis() / 1000.0, maxX);
            // Process faults in red; file churn, which is frequent and harmless, in light grey.
            boolean process = m.label().startsWith("kill") || m.label().startsWith("SIG");
            svg.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"4,3\"><title>%s</title></line>%n",
                    process ? "fault" : "churn", x, TOP, x, HEIGHT - BOTTOM, process ? "#d62728" : "#cccccc",
                    process ? "2" : "1", escape(m.label())));
        }
        legend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void axes(StringBuilder svg, double maxX, double maxY) {
        int bottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"#444\" fill=\"none\"/>%n", LEFT, TOP,
                bottom, WIDTH - RIGHT));
        for (int i = 0; i <= 4; i++) {
            double vy = maxY * i / 4;
            double py = y(vy, maxY);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, WIDTH - RIGHT, py));
            svg.append(text(LEFT - 6, py + 4, "end", "tick", number(vy)));
            double vx = maxX * i / 4;
            svg.append(text(x(vx, maxX), bottom + 16, "middle", "tick", number(vx)));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 6, "middle", "axis", xLabel));
        svg.append(String.format(Locale.ROOT, "<text class=\"axis\" transform=\"translate(14 %d) rotate(-90)\" "
                + "text-anchor=\"middle\" font-size=\"11\">%s</text>%n", (TOP + bottom) / 2, escape(yLabel)));
    }

    private void plot(StringBuilder svg, Series s, double maxX, double maxY) {
        if (s.points().isEmpty()) {
            return;
        }
        switch (s.style()) {
            case DOTS -> {
                svg.append("<g fill=\"").append(s.colour()).append("\" fill-opacity=\"0.85\">");
                for (double[] p : s.points()) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\"/>", x(p[0], maxX),
                            y(p[1], maxY)));
                }
                svg.append("</g>\n");
            }
            case LINE -> {
                svg.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(s.colour())
                        .append("\" points=\"");
                for (double[] p : s.points()) {
                    svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0], maxX), y(p[1], maxY)));
                }
                svg.append("\"/>\n");
            }
            case BARS -> {
                double width = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, s.points().size()) * 0.8;
                svg.append("<g fill=\"").append(s.colour()).append("\">");
                for (double[] p : s.points()) {
                    double top = y(p[1], maxY);
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                            + "<title>%s: %s</title></rect>", x(p[0], maxX) - width / 2, top, width,
                            HEIGHT - BOTTOM - top, number(p[0]), number(p[1])));
                }
                svg.append("</g>\n");
            }
        }
    }

    private void legend(StringBuilder svg) {
        double x = WIDTH - RIGHT - 10;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            svg.append(text(x, 18, "end", "legend", s.name()).replace("<text ", "<text fill=\"" + s.colour() + "\" "));
            x -= s.name().length() * 6.5 + 18;
        }
    }

    private static double x(double v, double maxX) {
        return LEFT + (maxX == 0 ? 0 : v / maxX) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double v, double maxY) {
        return HEIGHT - BOTTOM - (maxY == 0 ? 0 : Math.min(1, v / maxY)) * (HEIGHT - TOP - BOTTOM);
    }

    private static String text(double x, double y, String anchor, String cls, String s) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
                + "font-size=\"11\">%s</text>%n", cls, x, y, anchor, escape(s));
    }

    /** A round number (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 times a power of ten) at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
