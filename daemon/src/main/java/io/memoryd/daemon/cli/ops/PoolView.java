package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.util.List;

/**
 * {@code memoryctl pool} for people: the mode and slot count, an aligned table with one row per slot
 * (renderer id, pid, state, uptime, renders, failures, heap, RSS, FDs, last exit), a line per renderer saying
 * what its render in flight is doing when it said (e.g. indexing 41,000/100,000), then one totals line.
 * Values not known yet (no process, no /proc) show as {@link Units#UNKNOWN}. Immutable.
 */
public final class PoolView {

    static final List<String> COLUMNS = List.of("RENDERER", "PID", "STATE", "UPTIME", "RENDERS", "FAILED",
            "HEAP", "RSS", "FDS", "LAST EXIT");

    private final Palette palette;

    public PoolView(Palette palette) {
        this.palette = palette;
    }

    /** The view of {@code p}, as lines ending in a newline. */
    public String render(RendererPoolStatus p) {
        StringBuilder s = new StringBuilder();
        TextTable.Cell mode = StatusWords.pool(p.getMode());
        long ready = p.getSlotsList().stream().filter(x -> x.getState() == RendererState.RENDERER_READY).count();
        s.append("pool ").append(palette.paint(mode.tone(), mode.text())).append(" · ")
                .append(p.getSlotsCount()).append(p.getSlotsCount() == 1 ? " slot" : " slots").append(", ")
                .append(ready).append(" ready\n\n");
        s.append(p.getSlotsCount() == 0 ? "no renderer slots\n" : table(p.getSlotsList()));
        for (RendererSlotStatus slot : p.getSlotsList()) {
            if (!slot.getActivity().isEmpty()) { // a long render says how far it has got: "indexing 41,000/100,000"
                s.append(slot.getRendererId()).append(": ").append(slot.getActivity()).append('\n');
            }
        }
        s.append('\n').append(totals(p.getTotals())).append('\n');
        return s.toString();
    }

    /** The slots table alone (memoryctl top shows it under its own header). */
    String table(List<RendererSlotStatus> slots) {
        TextTable t = new TextTable(COLUMNS);
        for (RendererSlotStatus slot : slots) {
            t.add(List.of(
                    TextTable.Cell.of(slot.getRendererId().isEmpty() ? "slot " + slot.getSlot() : slot.getRendererId()),
                    TextTable.Cell.of(Units.pid(slot.getPid())),
                    StatusWords.renderer(slot.getState()),
                    TextTable.Cell.of(Units.uptime(slot.getUptimeMs())),
                    TextTable.Cell.of(Units.count(slot.getRendersServed())),
                    new TextTable.Cell(Units.count(slot.getRendersFailed()),
                            slot.getRendersFailed() > 0 ? Tone.WARN : Tone.PLAIN),
                    TextTable.Cell.of(Units.megabytes(slot.getHeapUsedBytes())),
                    TextTable.Cell.of(Units.megabytes(slot.getRssBytes())),
                    TextTable.Cell.of(slot.getOpenFds() < 0 || slot.getPid() <= 0 ? Units.UNKNOWN
                            : Integer.toString(slot.getOpenFds())),
                    TextTable.Cell.of(slot.hasLastExit() ? StatusWords.exit(slot.getLastExit()) : Units.UNKNOWN)));
        }
        return t.render(palette);
    }

    /** One line of the pool's counters since the daemon started. */
    String totals(PoolTotals t) {
        return palette.paint(Tone.BOLD, "totals") + "  " + Units.count(t.getRenders()) + " renders · "
                + Units.count(t.getCoalesced()) + " coalesced · " + Units.count(t.getRetries()) + " retries · "
                + paintIfAny(t.getFallbacks(), "fallbacks") + " · " + paintIfAny(t.getTimeouts(), "timeouts")
                + " · " + paintIfAny(t.getRejections(), "rejections");
    }

    private String paintIfAny(long n, String what) {
        String text = Units.count(n) + " " + what;
        return n > 0 ? palette.paint(Tone.WARN, text) : text;
    }
}
