package io.memoryd.daemon.cli.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import org.junit.jupiter.api.Test;

/** {@code memoryctl pool} says how far a long render has got (a first index pass), and nothing for idle renderers. */
class PoolViewActivityTest {

    @Test
    void rendererInTheMiddleOfALongIndex_showsHowFarItHasGot_underTheTable() {
        RendererPoolStatus p = RendererPoolStatus.newBuilder()
                .addSlots(RendererSlotStatus.newBuilder().setRendererId("r0-g1").setState(RendererState.RENDERER_READY)
                        .setInFlight(1).setActivity("indexing 41,000/100,000"))
                .addSlots(RendererSlotStatus.newBuilder().setSlot(1).setRendererId("r1-g1")
                        .setState(RendererState.RENDERER_READY))
                .build();

        String out = new PoolView(Palette.plain()).render(p);

        assertTrue(out.contains("\nr0-g1: indexing 41,000/100,000\n"), out);
        assertFalse(out.contains("r1-g1:"), out);
    }
}
