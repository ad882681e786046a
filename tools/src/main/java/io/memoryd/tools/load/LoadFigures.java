package io.memoryd.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a load result into named figures, the common pass criteria, and the text printed on stdout. */
public final class LoadFigures {

    private LoadFigures() {
    }

    public static void add(Map<String, Object> f, LoadResult r) {
        LatencySeries.Summary s = r.synthesize().summary();
        LatencySeries.Summary h = r.health().summary();
        f.put("duration_s", r.elapsedMillis() / 1000.0);
        f.put("synthesize_count", s.count());
        f.put("synthesize_per_s", r.throughputPerSecond());
        f.put("synthesize_p50_ms", s.p50());
        f.put("synthesize_p95_ms", s.p95());
        f.put("synthesize_p99_ms", s.p99());
        f.put("synthesize_max_ms", s.max());
        f.put("synthesize_errors", r.synthesizeErrorCount());
        f.put("synthesize_errors_by_status", r.synthesizeErrors().toString());
        f.put("synthesize_unexpected_errors", r.unexpectedErrors());
        f.put("synthesize_empty", r.empty());
        f.put("fallbacks", r.fallbacks());
        f.put("retries", r.retries());
        f.put("coalesced", r.coalesced());
        f.put("health_count", h.count());
        f.put("health_p50_ms", h.p50());
        f.put("health_p95_ms", h.p95());
        f.put("health_p99_ms", h.p99());
        f.put("health_max_ms", h.max());
        f.put("health_errors", r.healthErrorCount());
        ResourceSample first = r.firstResources();
        ResourceSample last = r.lastResources();
        if (first != null && last != null) {
            f.put("daemon_fds_start", first.daemonFds());
            f.put("daemon_fds_end", last.daemonFds());
            f.put("daemon_inotify_end", last.daemonInotify());
            ResourceSample firstKnown = r.firstWithRendererFds();
            ResourceSample lastKnown = r.lastWithRendererFds();
            f.put("renderer_fds_start", firstKnown == null ? -1 : firstKnown.rendererFds());
            f.put("renderer_fds_end", lastKnown == null ? -1 : lastKnown.rendererFds());
            f.put("daemon_rss_mb_start", first.daemonRssBytes() / 1048576.0);
            f.put("daemon_rss_mb_end", last.daemonRssBytes() / 1048576.0);
            f.put("renderer_rss_mb_end", last.rendererRssBytes() / 1048576.0);
            f.put("total_rss_mb_max", r.resources().stream().mapToLong(ResourceSample::totalRssBytes).max().orElse(0)
                    / 1048576.0);
        }
    }

    /**
     * No failed (unexpected) or empty synthesize, health p99 (and max, when {@code healthMaxMs > 0}) within
     * limits, synthesize p99 when {@code synthP99Ms > 0}, FD growth of the daemon and of the renderers.
     */
    public static void addCriteria(List<Criterion> c, LoadResult r, double healthP99Ms, double healthMaxMs,
            double synthP99Ms, int fdGrowth) {
        LatencySeries.Summary s = r.synthesize().summary();
        LatencySeries.Summary h = r.health().summary();
        c.add(new Criterion("synthesize answered with content", s.count() + " ok, " + r.unexpectedErrors()
                + " failed, " + r.empty() + " empty", "0 failed, 0 empty, > 0 ok",
                r.unexpectedErrors() == 0 && r.empty() == 0 && s.count() > 0));
        c.add(new Criterion("health p99", ms(h.p99()), "<= " + ms(healthP99Ms), h.count() > 0 && h.p99() <= healthP99Ms));
        if (healthMaxMs > 0) {
            c.add(new Criterion("health max", ms(h.max()), "<= " + ms(healthMaxMs), h.max() <= healthMaxMs));
        }
        if (synthP99Ms > 0) {
            c.add(new Criterion("synthesize p99", ms(s.p99()), "<= " + ms(synthP99Ms), s.p99() <= synthP99Ms));
        }
        ResourceSample first = r.firstResources();
        ResourceSample last = r.lastResources();
        if (first != null && last != null) {
            int daemon = last.daemonFds() - first.daemonFds();
            c.add(new Criterion("daemon FD growth", first.daemonFds() + " -> " + last.daemonFds(), "<= +" + fdGrowth,
                    daemon <= fdGrowth));
            ResourceSample firstKnown = r.firstWithRendererFds();
            ResourceSample lastKnown = r.lastWithRendererFds();
            // Unknown counts fail the criterion rather than drop it: a run must show its renderers did not leak.
            boolean known = firstKnown != null;
            int start = known ? firstKnown.rendererFds() : -1;
            int end = known ? lastKnown.rendererFds() : -1;
            c.add(new Criterion("renderer FD growth", start + " -> " + end, "<= +" + fdGrowth,
                    known && end - start <= fdGrowth));
        }
    }

    static List<String[]> rows(Map<String, Object> f) {
        List<String[]> rows = new ArrayList<>();
        f.forEach((k, v) -> rows.add(new String[] {k, format(v)}));
        return rows;
    }

    /** The text printed on stdout: verdict, criteria, then every figure. */
    static String text(Map<String, Object> f, List<Criterion> criteria) {
        StringBuilder t = new StringBuilder(Criterion.allPassed(criteria) ? "PASS\n" : "FAIL\n");
        for (Criterion c : criteria) {
            t.append(String.format(Locale.ROOT, "  %-4s %-34s %s (limit %s)%n", c.passed() ? "ok" : "FAIL", c.name(),
                    c.measured(), c.limit()));
        }
        f.forEach((k, v) -> t.append(String.format(Locale.ROOT, "%-36s %s%n", k, format(v))));
        return t.toString();
    }

    static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(v);
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f ms", v);
    }
}
