package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forking a renderer and starting a render call never run under the pool's lock: a fork that takes long
 * (held here on a latch) leaves renders, the pool status and the mode to be served meanwhile, from other
 * threads, each within a bound it would miss if the fork held the lock.
 */
@Timeout(30)
class SlowWorkOutsideThePoolLockTest {

    final FakeRenderers renderers = new FakeRenderers();
    final FallbackRenderer fallback = new FallbackRenderer((agent, max) -> new RenderResult(
            new Projection("# Working Memory Summary\n\nfallback for " + agent, 0, ""), 0, 0), 4);
    RendererPool pool;

    private void startPool(int size, RecyclePolicy recycle) {
        pool = new RendererPool(FakeRenderers.quickConfig(size, 64, recycle), renderers, renderers, fallback,
                Path.of("/fake/run"));
        renderers.watchedLock = pool;
        pool.start().join();
    }

    private static RecyclePolicy recycleAfter(long renders) {
        return new RecyclePolicy(renders, 2.0, Duration.ofDays(365), Duration.ofSeconds(60), 0);
    }

    @AfterEach
    void stop() {
        renderers.releaseLaunch("r0-g2");
        if (pool != null) {
            pool.close();
        }
        fallback.close();
    }

    /** A render asked from another thread, as a hook's would be; its answer must come within 5 s. */
    private SynthesisResult renderFromAnotherThread(String agent) throws Exception {
        return CompletableFuture.supplyAsync(() -> pool.synthesize(new AgentId(agent), 5000).join())
                .get(5, TimeUnit.SECONDS);
    }

    private RendererPoolStatus statusFromAnotherThread() throws Exception {
        return CompletableFuture.supplyAsync(pool::status).get(5, TimeUnit.SECONDS);
    }

    @Test
    void slowForkOfARecycledRenderersSuccessor_holdsUpNoRenderStatusOrMode() throws Exception {
        renderers.holdLaunch("r0-g2");
        startPool(1, recycleAfter(2));
        pool.synthesize(new AgentId("a"), 5000).get(5, TimeUnit.SECONDS);
        pool.synthesize(new AgentId("b"), 5000).get(5, TimeUnit.SECONDS); // due now: the successor is forked
        assertTrue(renderers.launchIsHeld("r0-g2"), "the successor's fork began");

        SynthesisResult served = renderFromAnotherThread("c");
        RendererPoolStatus status = statusFromAnotherThread();
        PoolMode mode = CompletableFuture.supplyAsync(pool::mode).get(5, TimeUnit.SECONDS);

        assertEquals("r0-g1", served.rendererId());
        assertFalse(served.fallback());
        assertEquals(RendererState.RENDERER_READY, status.getSlots(0).getState());
        assertEquals(1, status.getSlots(0).getGeneration());
        assertEquals(PoolMode.POOL_NORMAL, mode);

        renderers.releaseLaunch("r0-g2");
        PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2
                && s.getSlots(0).getState() == RendererState.RENDERER_READY);
        assertEquals("r0-g2", renderFromAnotherThread("d").rendererId());
    }

    @Test
    void slowForkOfACrashedRenderersRestart_holdsUpNoRenderStatusOrMode() throws Exception {
        renderers.holdLaunch("r0-g2");
        startPool(2, FakeRenderers.NO_RECYCLING);

        renderers.handle("r0-g1").crash(137);
        assertTrue(renderers.launchIsHeld("r0-g2"), "the restart's fork began");

        SynthesisResult served = renderFromAnotherThread("a");
        RendererPoolStatus status = statusFromAnotherThread();
        PoolMode mode = CompletableFuture.supplyAsync(pool::mode).get(5, TimeUnit.SECONDS);

        assertEquals("r1-g1", served.rendererId());
        assertEquals(RendererState.RENDERER_STARTING, status.getSlots(0).getState());
        assertEquals(0, status.getSlots(0).getPid(), "no process yet: its fork is under way");
        assertEquals(PoolMode.POOL_NORMAL, mode);

        renderers.releaseLaunch("r0-g2");
        RendererPoolStatus restarted = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2
                && s.getSlots(0).getState() == RendererState.RENDERER_READY);
        assertTrue(restarted.getSlots(0).getPid() > 0);
    }

    @Test
    void forksAndRenderCalls_neverRunUnderThePoolLock() throws Exception {
        startPool(2, recycleAfter(3));
        for (String agent : new String[] {"a", "b", "c", "d"}) {
            pool.synthesize(new AgentId(agent), 5000).get(5, TimeUnit.SECONDS);
        }
        PoolStatusWait.until(pool, s -> s.getSlotsList().stream().anyMatch(slot -> slot.getGeneration() == 2
                && slot.getState() == RendererState.RENDERER_READY)); // one was recycled
        renderers.handle("r1-g1").crash(137);
        PoolStatusWait.until(pool, s -> s.getSlots(1).getGeneration() == 2
                && s.getSlots(1).getState() == RendererState.RENDERER_READY); // and one restarted
        pool.synthesize(new AgentId("e"), 5000).get(5, TimeUnit.SECONDS);

        assertEquals(4, renderers.launched.size(), "two starts, a recycle and a restart");
        assertTrue(renderers.checked.get() >= 4 + 5, "every fork and render call was checked: " + renderers.checked);
        assertEquals(java.util.List.of(), renderers.ranUnderLock);
    }
}
