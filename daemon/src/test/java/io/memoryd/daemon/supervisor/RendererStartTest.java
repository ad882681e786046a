package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a renderer's start ends: READY in time, a missed deadline, a broken handshake; and a DEGRADED slot healing. */
@Timeout(20)
class RendererStartTest {

    final FakeRenderers renderers = new FakeRenderers();
    final FallbackRenderer fallback = new FallbackRenderer((agent, max) -> new RenderResult(
            new Projection("# Working Memory Summary\n\nfallback for " + agent, 0, ""), 0, 0), 4);
    RendererPool pool;

    /** Starts a one-renderer pool without waiting for its first start to end. */
    private void startOne(PoolConfig config) {
        pool = new RendererPool(config, renderers, renderers, fallback, Path.of("/fake/run"));
        pool.start();
    }

    private static PoolConfig config() {
        return FakeRenderers.quickConfig(1, 64, FakeRenderers.NO_RECYCLING);
    }

    @AfterEach
    void stop() {
        renderers.exitsOnlyWhenCrashed = false;
        renderers.launched.forEach(h -> h.crash(137));
        if (pool != null) {
            pool.close();
        }
        fallback.close();
    }

    @Test
    void readinessDeadlinePassed_failsTheStart_andALateReadyIsIgnored() throws Exception {
        renderers.startsWithoutReady = true;
        renderers.exitsOnlyWhenCrashed = true;
        startOne(config().withReadinessDeadline(Duration.ofMillis(200)));
        FakeRenderers.Handle first = renderers.handle("r0-g1");
        assertTrue(first.killed.await(10, TimeUnit.SECONDS), "killed when its readiness deadline passed");

        first.ready.complete(null); // its READY line arrives after all, before the kill has taken effect

        RendererSlotStatus slot = PoolStatusWait.until(pool, s -> s.getSlots(0).getState() == RendererState.RENDERER_READY
                || s.getSlots(0).getLastError().startsWith("READY from r0-g1 ignored")).getSlots(0);
        assertEquals(RendererState.RENDERER_STOPPING, slot.getState());
        renderers.startsWithoutReady = false;
        first.crash(137);
        RendererSlotStatus restarted = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2
                && s.getSlots(0).getState() == RendererState.RENDERER_READY).getSlots(0);
        assertEquals(ExitKind.EXIT_FAILED_START, restarted.getLastExit().getKind());
        assertTrue(restarted.getLastExit().getDetail().contains("missed its 200 ms readiness deadline"),
                restarted.getLastExit().getDetail());
    }

    @Test
    void handshakeFailingWhileTheProcessRuns_killsItAsAFailedStart_beforeTheDeadline() throws Exception {
        renderers.startsWithoutReady = true;
        renderers.exitsOnlyWhenCrashed = true;
        startOne(config().withReadinessDeadline(Duration.ofMinutes(10)));
        FakeRenderers.Handle first = renderers.handle("r0-g1");

        first.ready.completeExceptionally(new IllegalStateException(
                "renderer r0-g1 sent an unexpected handshake: its first stdout line was not READY but \"hello\""));

        assertTrue(first.killed.await(10, TimeUnit.SECONDS), "killed for its handshake, long before the deadline");
        renderers.startsWithoutReady = false;
        first.crash(137);
        RendererSlotStatus restarted = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2
                && s.getSlots(0).getState() == RendererState.RENDERER_READY).getSlots(0);
        assertEquals(ExitKind.EXIT_FAILED_START, restarted.getLastExit().getKind());
        assertTrue(restarted.getLastExit().getDetail().contains("first stdout line was not READY but \"hello\""),
                restarted.getLastExit().getDetail());
    }

    @Test
    void degradedSlot_isProbedAfterTheHealInterval_andServesAgainOnceItStarts() throws Exception {
        renderers.failEveryStart = true;
        startOne(config().withHealInterval(Duration.ofMillis(300)));
        PoolStatusWait.until(pool, s -> s.getSlots(0).getState() == RendererState.RENDERER_DEGRADED
                && s.getMode() == PoolMode.POOL_FALLBACK_ONLY);

        renderers.failEveryStart = false;

        var healed = PoolStatusWait.until(pool, s -> s.getSlots(0).getState() == RendererState.RENDERER_READY);
        assertEquals(PoolMode.POOL_NORMAL, healed.getMode());
        SynthesisResult r = pool.synthesize(new AgentId("alice"), 5000).get(10, TimeUnit.SECONDS);
        assertFalse(r.fallback());
        assertEquals(healed.getSlots(0).getRendererId(), r.rendererId());
    }
}
