package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.renderer.RenderProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A render past its request deadline: the pool asks its renderer how far it has got, waits on while it
 * progresses (a long first index pass), and kills it as hung once it stops progressing for a deadline.
 * The renderer's progress runs on a scripted clock, frozen unless a test moves it, so "0 ms ago" holds for
 * as long as the test needs.
 */
@Timeout(20)
class ProgressPastDeadlineTest {

    final FakeRenderers renderers = new FakeRenderers();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final RenderProgress progress = new RenderProgress(nanos::get);
    /** What the scripted index pass has reported: done of 10 files. */
    final AtomicReference<Integer> done = new AtomicReference<>(3);
    FallbackRenderer fallback;
    RendererPool pool;

    /** The scripted index pass on renderer r0-g1: it reports {@link #done} of 10 files, then blocks. */
    @BeforeEach
    void scriptTheIndexPass() {
        renderers.progress.put("r0-g1", progress);
        renderers.engines.put("r0-g1", (agent, max) -> {
            progress.indexed(agent.value(), done.get(), 10);
            try {
                renderers.hold.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new RenderResult(new Projection("# Working Memory Summary\n\nrenderer", 1, ""), 0, 1_000_000);
        });
        renderers.blockRenders();
    }

    /** One renderer, a 200 ms request deadline and a 60 s progress limit. */
    private void start() {
        fallback = new FallbackRenderer((agent, max) -> new RenderResult(
                new Projection("# Working Memory Summary\n\nfallback", 1, ""), 0, 1_000_000), 2);
        PoolConfig config = FakeRenderers.quickConfig(1, 64, FakeRenderers.NO_RECYCLING)
                .withRequestDeadline(Duration.ofMillis(200)).withProgressLimit(Duration.ofSeconds(60));
        pool = new RendererPool(config, renderers, renderers, fallback, Path.of("/fake/run"));
        pool.start().join();
    }

    @AfterEach
    void stop() {
        renderers.releaseRenders();
        pool.close();
        fallback.close();
    }

    @Test
    void renderThatKeepsProgressingPastTheDeadline_isWaitedFor_andAnsweredByItsRenderer() throws Exception {
        start();
        CompletableFuture<SynthesisResult> render = pool.synthesize(AgentId.DEFAULT, 5000);

        PoolStatusWait.until(pool, s -> s.getSlots(0).getActivity().equals("indexing 3/10"));
        // A later check, another deadline on, sees the next batch: the renderer was not killed in between.
        progress.indexed("default", 7, 10);
        PoolStatusWait.until(pool, s -> s.getSlots(0).getActivity().equals("indexing 7/10"));
        renderers.releaseRenders();
        SynthesisResult r = render.get(10, TimeUnit.SECONDS);

        assertFalse(r.fallback());
        assertEquals("r0-g1", r.rendererId());
        RendererSlotStatus slot = pool.status().getSlots(0);
        assertEquals(1, slot.getGeneration());
        assertEquals(RendererState.RENDERER_READY, slot.getState());
        assertEquals(0, pool.status().getTotals().getTimeouts());
        assertEquals(1, renderers.handle("r0-g1").killed.getCount(), "the renderer was not stopped");
    }

    @Test
    void renderWhoseProgressStops_isKilledAsHungAtTheNextCheck_andAnsweredByTheFallback() throws Exception {
        start();
        CompletableFuture<SynthesisResult> render = pool.synthesize(AgentId.DEFAULT, 5000);
        PoolStatusWait.until(pool, s -> s.getSlots(0).getActivity().equals("indexing 3/10"));

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_000)); // its last batch is now a second old
        SynthesisResult r = render.get(10, TimeUnit.SECONDS);

        assertTrue(r.fallback());
        RendererSlotStatus replaced = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2).getSlots(0);
        assertEquals(ExitKind.EXIT_HANG_KILLED, replaced.getLastExit().getKind());
        assertTrue(replaced.getLastExit().getDetail().startsWith("a render made no progress for 1000 ms"),
                replaced.getLastExit().getDetail());
        assertEquals(1, pool.status().getTotals().getTimeouts());
    }

    @Test
    void renderThatNeverProgresses_isKilledAsHungAfterTheDeadline() throws Exception {
        renderers.engines.clear(); // the shared engine: it blocks and reports nothing but its start
        renderers.progress.clear();
        start();

        SynthesisResult r = pool.synthesize(AgentId.DEFAULT, 5000).get(10, TimeUnit.SECONDS);

        assertTrue(r.fallback());
        RendererSlotStatus replaced = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2).getSlots(0);
        assertEquals(ExitKind.EXIT_HANG_KILLED, replaced.getLastExit().getKind());
        assertTrue(replaced.getLastExit().getDetail().contains("made no progress for"),
                replaced.getLastExit().getDetail());
    }
}
