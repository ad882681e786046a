package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.FdCounts;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.Resources;
import io.memoryd.proto.v1.Responsiveness;

/**
 * {@code memoryctl health} for people: one status line (state, version, uptime, workspace, pid), then the
 * pool mode, memory, file descriptors by kind, responsiveness and the hook socket, each figure with its
 * unit and {@link Units#UNKNOWN} where the daemon has not measured it yet. Immutable.
 */
public final class HealthView {

    private static final String SEP = " · ";

    private final Palette palette;

    public HealthView(Palette palette) {
        this.palette = palette;
    }

    /** The view of {@code h}, as lines ending in a newline. */
    public String render(HealthResponse h) {
        StringBuilder s = new StringBuilder();
        TextTable.Cell state = StatusWords.daemon(h.getStatus());
        s.append(palette.paint(state.tone(), state.text())).append("  memoryd ")
                .append(h.getVersion().isEmpty() ? Units.UNKNOWN : h.getVersion())
                .append("  up ").append(Units.uptime(h.getUptimeMs()))
                .append("  pid ").append(Units.pid(h.getPid()))
                .append("  ").append(h.getWorkspace().isEmpty() ? Units.UNKNOWN : h.getWorkspace()).append('\n');
        TextTable.Cell pool = StatusWords.pool(h.getPoolMode());
        row(s, "pool", palette.paint(pool.tone(), pool.text()));
        Resources r = h.getResources();
        row(s, "memory", "RSS " + Units.megabytes(r.getRssBytes()) + SEP
                + "heap " + Units.megabytes(r.getHeapUsedBytes())
                + " of " + Units.megabytes(r.getHeapMaxBytes()) + SEP + "GC " + Units.count(r.getGcCount())
                + " runs, " + Units.count(r.getGcTimeMs()) + " ms");
        row(s, "fds", fds(r));
        row(s, "responsive", responsiveness(r));
        row(s, "hooks", h.getHooksSocket().isEmpty() ? "not serving" : h.getHooksSocket());
        return s.toString();
    }

    private static String fds(Resources r) {
        if (!r.hasFds() || r.getFds().getTotal() <= 0) {
            return Units.UNKNOWN;
        }
        FdCounts f = r.getFds();
        return f.getTotal() + " open" + SEP + f.getArtifactFiles() + " artifact files" + SEP + f.getDatabase()
                + " database" + SEP + f.getSockets() + " sockets" + SEP + f.getInotify() + " inotify" + SEP
                + f.getPipes() + " pipes" + SEP + f.getOther() + " other";
    }

    private static String responsiveness(Resources r) {
        Responsiveness t = r.getResponsiveness();
        if (!r.hasResponsiveness() || t.getSamples() == 0) {
            return Units.UNKNOWN;
        }
        return "last " + Units.millis(t.getLastMs()) + SEP + "p99 " + Units.millis(t.getP99Ms()) + SEP + "max "
                + Units.millis(t.getMaxMs()) + " (tick lag, " + Units.count(t.getSamples())
                + " ticks in the last minute)";
    }

    private void row(StringBuilder s, String label, String value) {
        s.append(palette.paint(Tone.BOLD, label)).append(" ".repeat(12 - label.length())).append(value).append('\n');
    }
}
