package io.memoryd.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a renderer says about the render in flight, as its Status RPC reports it to the supervisor. */
class RenderProgressTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final RenderProgress progress = new RenderProgress(nanos::get);

    @Test
    void idleRenderer_reportsNoPhase_andNoAge() {
        assertEquals(new RenderProgress.Snapshot("", 0, 0, -1), progress.snapshot());
    }

    @Test
    void startedRender_isRendering_andItsAgeGrowsUntilItProgresses() {
        progress.started();
        nanos.addAndGet(1_500_000_000L);

        assertEquals(new RenderProgress.Snapshot("rendering", 0, 0, 1500), progress.snapshot());
    }

    @Test
    void eachStoredBatch_isProgress_withFilesDoneOfTotal() {
        progress.started();
        nanos.addAndGet(2_000_000_000L);
        progress.indexed("default", 41_000, 100_000);
        nanos.addAndGet(300_000_000L);

        assertEquals(new RenderProgress.Snapshot("indexing", 41_000, 100_000, 300), progress.snapshot());
    }

    @Test
    void lastBatch_turnsBackToRendering_andFinishedRender_isIdle() {
        progress.started();
        progress.indexed("default", 100_000, 100_000);
        assertEquals(new RenderProgress.Snapshot("rendering", 0, 0, 0), progress.snapshot());

        progress.finished();
        assertEquals(-1, progress.snapshot().ageMillis());
    }
}
