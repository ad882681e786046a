package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One frame of {@code memoryctl top} as lines of plain text that fit the terminal: a title, the figures
 * (renders per second, render p50/p99, fallbacks, restarts), the slots table and the recent pool events,
 * then the key help. Lines are cut to the width and the table to the height, so 80×24 always fits.
 * Stateless.
 */
final class TopScreen {

    static final List<String> COLUMNS = List.of("RENDERER", "PID", "STATE", "UPTIME", "RENDERS", "FAIL", "RSS",
            "FDS", "LAST EXIT");

    private TopScreen() {
    }

    /** The frame of {@code s}; {@code where} names the daemon's address. */
    static List<String> lines(TopModel.Snapshot s, String where, int width, int height) {
        List<String> top = new ArrayList<>();
        HealthResponse h = s.health();
        RendererPoolStatus p = s.pool();
        String mode = p == null ? "unknown" : StatusWords.pool(p.getMode()).text();
        top.add("memoryd top  " + (h == null ? "connecting" : StatusWords.daemon(h.getStatus()).text())
                + "  pool " + mode + "  up " + (h == null ? Units.UNKNOWN : Units.uptime(h.getUptimeMs()))
                + "  pid " + (h == null ? Units.UNKNOWN : Units.pid(h.getPid())) + "  " + s.now());
        if (s.unreachable() != null) {
            // The news first: a long socket path may be cut at the terminal's edge.
            top.add("daemon unreachable, retrying every second: " + where + " (" + s.unreachable() + ")");
        } else {
            top.add("workspace " + (h == null ? Units.UNKNOWN : h.getWorkspace()));
        }
        top.add(figures(s));
        top.add("");
        List<String> table = table(p);
        List<String> bottom = new ArrayList<>();
        bottom.add("");
        bottom.add("events");
        if (s.events().isEmpty()) {
            bottom.add("  none yet");
        }
        for (String e : s.events()) {
            bottom.add("  " + e);
        }
        bottom.add("");
        bottom.add("q quit");
        // The table gets what is left; the oldest events go first when even that is too little.
        int room = height - top.size() - bottom.size();
        while (room < Math.min(table.size(), 2) && bottom.size() > 4) {
            bottom.remove(bottom.size() - 3);
            room++;
        }
        List<String> all = new ArrayList<>(top);
        all.addAll(table.subList(0, Math.max(0, Math.min(table.size(), room))));
        all.addAll(bottom);
        return all.stream().limit(height).map(l -> l.length() > width ? l.substring(0, width) : l).toList();
    }

    private static String figures(TopModel.Snapshot s) {
        RendererPoolStatus p = s.pool();
        if (p == null) {
            return "renders " + Units.UNKNOWN;
        }
        double p50 = -1;
        double p99 = -1;
        long restarts = 0;
        for (RendererSlotStatus slot : p.getSlotsList()) {
            if (slot.getState() == RendererState.RENDERER_READY && slot.getRendersServed() > 0) {
                p50 = Math.max(p50, slot.getRenderP50Ms());
                p99 = Math.max(p99, slot.getRenderP99Ms());
            }
            restarts += Math.max(0, slot.getGeneration() - 1);
        }
        String rate = s.rendersPerSecond() < 0 ? Units.UNKNOWN
                : String.format(Locale.ROOT, "%.1f/s", s.rendersPerSecond());
        return "renders " + rate + "  p50 " + Units.millis(p50) + "  p99 " + Units.millis(p99) + "  fallbacks "
                + Units.count(p.getTotals().getFallbacks()) + "  restarts " + restarts;
    }

    private static List<String> table(RendererPoolStatus p) {
        if (p == null || p.getSlotsCount() == 0) {
            return List.of("no renderer slots");
        }
        TextTable t = new TextTable(COLUMNS);
        for (RendererSlotStatus slot : p.getSlotsList()) {
            t.add(List.of(
                    TextTable.Cell.of(slot.getRendererId().isEmpty() ? "slot " + slot.getSlot() : slot.getRendererId()),
                    TextTable.Cell.of(Units.pid(slot.getPid())),
                    StatusWords.renderer(slot.getState()),
                    TextTable.Cell.of(Units.uptime(slot.getUptimeMs())),
                    TextTable.Cell.of(Units.count(slot.getRendersServed())),
                    TextTable.Cell.of(Units.count(slot.getRendersFailed())),
                    TextTable.Cell.of(Units.megabytes(slot.getRssBytes())),
                    TextTable.Cell.of(slot.getOpenFds() < 0 || slot.getPid() <= 0 ? Units.UNKNOWN
                            : Integer.toString(slot.getOpenFds())),
                    TextTable.Cell.of(slot.hasLastExit() ? StatusWords.exit(slot.getLastExit()) : Units.UNKNOWN)));
        }
        return t.render(Palette.plain()).lines().toList();
    }
}
