package io.memoryd.daemon.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** memoryctl top's model and frame, fed with fixed pool statuses and a fixed clock. */
class TopViewTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static RendererPoolStatus pool(int generation, long pid, long renders, ExitReason exit) {
        RendererSlotStatus.Builder slot = RendererSlotStatus.newBuilder().setSlot(0).setRendererId("r0-" + generation)
                .setPid(pid).setGeneration(generation).setState(RendererState.RENDERER_READY).setUptimeMs(5_000)
                .setRendersServed(renders).setRenderP50Ms(3.2).setRenderP99Ms(9.5).setOpenFds(30);
        if (exit != null) {
            slot.setLastExit(exit);
        }
        return RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_NORMAL).addSlots(slot)
                .setTotals(PoolTotals.newBuilder().setRenders(renders).setFallbacks(1)).build();
    }

    @Test
    void aKilledRenderer_showsAsAnExitAndARestartEvent_andTheRestartCount() {
        ManualClock clock = new ManualClock();
        TopModel model = new TopModel(clock);
        model.pool(pool(1, 100, 10, null), true);
        clock.now = clock.now.plusSeconds(2);

        model.pool(pool(2, 200, 30, ExitReason.newBuilder().setKind(ExitKind.EXIT_KILLED_BY_SIGNAL).setCode(9)
                .setAt("2026-12-03T10:00:01Z").build()), true);
        List<String> screen = TopScreen.lines(model.snapshot(), "socket /s", 80, 24);

        assertEquals(List.of("10:00:02 slot 0 restarted (start 2)", "10:00:02 slot 0 renderer pid 100 killed by signal 9"),
                model.snapshot().events());
        assertTrue(screen.contains("renders 10.0/s  p50 3.2 ms  p99 9.5 ms  fallbacks 1  restarts 1"), screen.toString());
        assertTrue(screen.stream().anyMatch(l -> l.contains("restarted")), screen.toString());
    }

    @Test
    void theFrameFitsAnEightyByTwentyFourTerminal_evenWithManySlotsAndEvents() {
        TopModel model = new TopModel(new ManualClock());
        RendererPoolStatus.Builder many = RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_DEGRADED);
        for (int i = 0; i < 30; i++) {
            many.addSlots(RendererSlotStatus.newBuilder().setSlot(i).setRendererId("r" + i + "-1").setPid(1000 + i)
                    .setState(RendererState.RENDERER_READY).setLastExit(ExitReason.newBuilder()
                            .setKind(ExitKind.EXIT_PROTOCOL_VIOLATION)));
        }
        model.pool(RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_NORMAL).build(), false);
        model.pool(many.build(), false);
        for (int i = 0; i < 10; i++) {
            model.unreachable("UNAVAILABLE");
            model.health(io.memoryd.proto.v1.HealthResponse.getDefaultInstance());
        }

        List<String> screen = TopScreen.lines(model.snapshot(), "socket /a/very/long/path/to/the/daemon.sock", 80, 24);

        assertTrue(screen.size() <= 24, screen.size() + " lines");
        assertTrue(screen.stream().allMatch(l -> l.length() <= 80), screen.toString());
        assertEquals("q quit", screen.get(screen.size() - 1));
        assertTrue(screen.stream().anyMatch(l -> l.startsWith("RENDERER")), screen.toString());
    }

    @Test
    void anUnreachableDaemon_isSaidOnScreen_untilItAnswersAgain() {
        TopModel model = new TopModel(new ManualClock());

        model.unreachable("UNAVAILABLE: connection refused");
        List<String> down = TopScreen.lines(model.snapshot(), "socket /s", 120, 24);
        model.health(io.memoryd.proto.v1.HealthResponse.newBuilder().setWorkspace("/w").build());
        List<String> up = TopScreen.lines(model.snapshot(), "socket /s", 80, 24);

        assertEquals("daemon unreachable, retrying every second: socket /s (UNAVAILABLE: connection refused)",
                down.get(1));
        assertEquals("workspace /w", up.get(1));
        assertEquals("10:00:00 daemon reachable again", model.snapshot().events().get(0));
    }

    @Test
    void poolModeChanges_areLoggedInCapitals() {
        RendererPoolStatus normal = RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_NORMAL).build();
        RendererPoolStatus degraded = RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_DEGRADED).build();

        assertEquals(List.of("pool DEGRADED"), PoolEvents.between(normal, degraded));
        assertEquals(List.of("pool normal again"), PoolEvents.between(degraded, normal));
        assertEquals(List.of(), PoolEvents.between(null, degraded));
    }
}
