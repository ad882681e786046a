package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed between two pool statuses, as the lines {@code memoryctl top} logs: a renderer that exited
 * (and how), one that started again, a recycle, a slot or the pool turning DEGRADED and back. Stateless.
 */
final class PoolEvents {

    private PoolEvents() {
    }

    /** The events from {@code before} (null: none seen yet) to {@code after}. */
    static List<String> between(RendererPoolStatus before, RendererPoolStatus after) {
        List<String> events = new ArrayList<>();
        if (before == null) {
            return events;
        }
        if (before.getMode() != after.getMode()) {
            events.add(after.getMode() == PoolMode.POOL_NORMAL ? "pool normal again"
                    : "pool " + StatusWords.pool(after.getMode()).text().toUpperCase(java.util.Locale.ROOT));
        }
        for (RendererSlotStatus now : after.getSlotsList()) {
            RendererSlotStatus was = slot(before, now.getSlot());
            if (was == null) {
                continue;
            }
            String name = "slot " + now.getSlot();
            if (now.hasLastExit() && !now.getLastExit().equals(was.getLastExit())) {
                events.add(name + " renderer pid " + (was.getPid() > 0 ? was.getPid() : "?") + " "
                        + StatusWords.exit(now.getLastExit()));
            }
            if (now.getGeneration() > was.getGeneration()) {
                boolean recycled = now.hasLastExit()
                        && now.getLastExit().getKind() == io.memoryd.proto.v1.ExitKind.EXIT_RECYCLED;
                events.add(name + (recycled ? " recycled" : " restarted") + " (start " + now.getGeneration() + ")");
            }
            if (now.getState() != was.getState() && now.getState() == RendererState.RENDERER_DEGRADED) {
                events.add(name + " DEGRADED: too many restarts, probed again later");
            }
        }
        return events;
    }

    private static RendererSlotStatus slot(RendererPoolStatus status, int slot) {
        for (RendererSlotStatus s : status.getSlotsList()) {
            if (s.getSlot() == slot) {
                return s;
            }
        }
        return null;
    }
}
