package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The supervisor's dispatch rules with scripted in-process renderers. */
@Timeout(20)
class RendererPoolTest {

    final FakeRenderers renderers = new FakeRenderers();
    final FallbackRenderer fallback = new FallbackRenderer((agent, max) -> new RenderResult(
            new Projection("# Working Memory Summary\n\nfallback for " + agent, 0, ""), 0, 0), 4);
    RendererPool pool;

    private RendererPool start(int size, int maxQueued) {
        return start(size, maxQueued, FakeRenderers.NO_RECYCLING);
    }

    private RendererPool start(int size, int maxQueued, RecyclePolicy recycle) {
        PoolConfig config = FakeRenderers.quickConfig(size, maxQueued, recycle);
        pool = new RendererPool(config, renderers, renderers, fallback, Path.of("/fake/run"));
        pool.start().join();
        return pool;
    }

    @AfterEach
    void stop() {
        renderers.releaseRenders();
        if (pool != null) {
            pool.close();
        }
        fallback.close();
    }

    @Test
    void burstForOneAgent_costsAtMostTwoRenders() throws Exception {
        start(2, 64);
        renderers.blockRenders();
        List<CompletableFuture<SynthesisResult>> calls = new ArrayList<>();
        calls.add(pool.synthesize(new AgentId("alice"), 5000));
        assertTrue(renderers.started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 9; i++) {
            calls.add(pool.synthesize(new AgentId("alice"), 5000));
        }

        renderers.releaseRenders();
        int coalesced = 0;
        for (CompletableFuture<SynthesisResult> c : calls) {
            SynthesisResult r = c.get(10, TimeUnit.SECONDS);
            assertTrue(r.projection().content().contains("alice"));
            coalesced += r.coalesced() ? 1 : 0;
        }

        assertEquals(2, renderers.renders.size());
        assertEquals(8, coalesced);
    }

    @Test
    void fullQueue_isResourceExhausted() throws Exception {
        start(1, 2);
        renderers.blockRenders();
        pool.synthesize(new AgentId("a"), 5000);
        assertTrue(renderers.started.await(5, TimeUnit.SECONDS));
        pool.synthesize(new AgentId("b"), 5000);
        pool.synthesize(new AgentId("c"), 5000);

        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> pool.synthesize(new AgentId("d"), 5000).get(5, TimeUnit.SECONDS));

        SynthesisException s = (SynthesisException) e.getCause();
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.code());
        assertEquals("QUEUE_FULL", s.reason());
        assertEquals(1, pool.status().getTotals().getRejections());
    }

    @Test
    void deadRenderersQueuedAndRunningRenders_areRetriedElsewhere() throws Exception {
        start(2, 64);
        renderers.blockRenders();
        CompletableFuture<SynthesisResult> running = pool.synthesize(new AgentId("a"), 5000);
        assertTrue(renderers.started.await(5, TimeUnit.SECONDS));
        CompletableFuture<SynthesisResult> other = pool.synthesize(new AgentId("b"), 5000);
        CompletableFuture<SynthesisResult> queued = pool.synthesize(new AgentId("c"), 5000);
        FakeRenderers.Handle first = renderers.launched.get(0);

        first.crash(137);
        renderers.releaseRenders();

        for (CompletableFuture<SynthesisResult> c : List.of(running, other, queued)) {
            assertTrue(c.get(10, TimeUnit.SECONDS).projection().content().startsWith("# Working Memory Summary"));
        }
        assertTrue(pool.status().getTotals().getRetries() + pool.status().getTotals().getFallbacks() >= 1);
    }

    @Test
    void rendererThatNeverStarts_goesDegradedAndTheFallbackServes() throws Exception {
        renderers.failEveryStart = true;
        start(1, 64);

        java.util.concurrent.CountDownLatch degraded = new java.util.concurrent.CountDownLatch(1);
        pool.addListener(s -> {
            if (s.getSlots(0).getState() == RendererState.RENDERER_DEGRADED) {
                degraded.countDown();
            }
        });
        if (pool.status().getSlots(0).getState() != RendererState.RENDERER_DEGRADED) {
            assertTrue(degraded.await(10, TimeUnit.SECONDS), "never degraded: " + pool.status());
        }
        SynthesisResult r = pool.synthesize(new AgentId("a"), 5000).get(5, TimeUnit.SECONDS);

        assertTrue(r.fallback());
        assertEquals(4, renderers.launched.size(), "1 start + 3 restarts in the window, then no more");
    }

    @Test
    void mode_isReadWithoutThePoolLock() throws Exception {
        start(1, 64);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (pool) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        held.await();
        try {
            CompletableFuture<PoolMode> mode = CompletableFuture.supplyAsync(pool::mode);

            assertEquals(PoolMode.POOL_NORMAL, mode.get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void mode_followsThePoolIntoFallbackOnly() throws Exception {
        renderers.failEveryStart = true;
        start(1, 64);

        // The mode is published as each state change is announced, just after the pool's lock is let go.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.mode() != PoolMode.POOL_FALLBACK_ONLY && System.nanoTime() < until) {
            Thread.sleep(2); // a bounded poll: the published mode is what this test reads, and nothing signals it
        }

        assertEquals(PoolMode.POOL_FALLBACK_ONLY, pool.mode());
        assertEquals(RendererState.RENDERER_DEGRADED, pool.status().getSlots(0).getState());
    }

    @Test
    void rendererPastItsRenderLimit_isReplacedWithoutACapacityDip() throws Exception {
        serveTwoRendersThenAwaitTheRecycle();
        SynthesisResult next = pool.synthesize(new AgentId("c"), 5000).get(5, TimeUnit.SECONDS);

        assertEquals(2, renderers.launched.size());
        assertEquals("r0-g2", next.rendererId());
        assertTrue(!next.fallback(), "the replacement served, not the fallback");
        var slot = pool.status().getSlots(0);
        assertEquals(io.memoryd.proto.v1.ExitKind.EXIT_RECYCLED, slot.getLastExit().getKind());
        assertEquals(RendererState.RENDERER_READY, slot.getState());
        assertEquals(0, pool.status().getTotals().getFallbacks());
    }

    @Test
    void recycledRenderersSuccessor_rendersTheSlotsAgentsBeforeTakingOver() throws Exception {
        serveTwoRendersThenAwaitTheRecycle();

        assertEquals(4, renderers.renders.size(), "two hook renders, then two warm-up renders: " + renderers.renders);
        assertEquals(java.util.Set.of("a", "b"), java.util.Set.copyOf(renderers.renders.subList(2, 4)));
        assertEquals("r0-g2", pool.status().getSlots(0).getRendererId());
    }

    @Test
    void recyclingUnderLoad_answersEveryCallFromARenderer_evenTheRenderThePredecessorDiedWith() throws Exception {
        CountDownLatch xStarted = new CountDownLatch(1);
        CountDownLatch predecessorStuck = new CountDownLatch(1);
        CountDownLatch warmUpHeld = new CountDownLatch(1);
        renderers.engines.put("r0-g1", (agent, max) -> {
            if (agent.value().equals("x")) {
                xStarted.countDown();
                await(predecessorStuck); // still rendering x when it is stopped; it dies with it
            }
            return new RenderResult(new Projection("# Working Memory Summary\n\nr0-g1 for " + agent, 1, ""), 0, 0);
        });
        renderers.engines.put("r0-g2", (agent, max) -> {
            await(warmUpHeld);
            return new RenderResult(new Projection("# Working Memory Summary\n\nr0-g2 for " + agent, 1, ""), 0, 0);
        });
        try {
            start(1, 64, new RecyclePolicy(2, 2.0, Duration.ofDays(365), Duration.ofSeconds(60), 0));
            pool.synthesize(new AgentId("a"), 5000).get(5, TimeUnit.SECONDS);
            pool.synthesize(new AgentId("b"), 5000).get(5, TimeUnit.SECONDS); // due now: r0-g2 starts, warms up
            List<CompletableFuture<SynthesisResult>> load = new ArrayList<>();
            load.add(pool.synthesize(new AgentId("x"), 5000));
            assertTrue(xStarted.await(5, TimeUnit.SECONDS));
            load.add(pool.synthesize(new AgentId("y"), 5000));
            load.add(pool.synthesize(new AgentId("z"), 5000));

            warmUpHeld.countDown(); // r0-g2 takes the slot; r0-g1 is stopped with x in flight and queued y, z

            for (CompletableFuture<SynthesisResult> call : load) {
                SynthesisResult r = call.get(10, TimeUnit.SECONDS);
                assertTrue(!r.fallback() && !r.rendererId().equals("r0-g1"), r.rendererId());
            }
            assertEquals(0, pool.status().getTotals().getFallbacks());
        } finally {
            predecessorStuck.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One renderer with a limit of two renders serves agents a and b, then is recycled; returns once the
     * predecessor has been stopped, which happens when its successor takes the slot.
     */
    private void serveTwoRendersThenAwaitTheRecycle() throws Exception {
        start(1, 64, new RecyclePolicy(2, 2.0, Duration.ofDays(365), Duration.ofSeconds(60), 0));
        FakeRenderers.Handle first = renderers.launched.get(0);
        pool.synthesize(new AgentId("a"), 5000).get(5, TimeUnit.SECONDS);
        pool.synthesize(new AgentId("b"), 5000).get(5, TimeUnit.SECONDS);
        first.exited.get(5, TimeUnit.SECONDS);
    }
}
