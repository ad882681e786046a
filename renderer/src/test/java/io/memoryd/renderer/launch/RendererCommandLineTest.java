package io.memoryd.renderer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RendererCommandLineTest {

    @Test
    void aRendererGetsFewMallocArenasUnlessItsLauncherChoseOtherwise() {
        String inherited = System.getenv("MALLOC_ARENA_MAX");

        String given = RendererCommandLine.processBuilder(List.of("true")).environment().get("MALLOC_ARENA_MAX");

        assertEquals(inherited == null ? "2" : inherited, given);
    }

    @Test
    void aRendererStartsWithTheHeapItsStartNeedsBoundedAtItsMaximum() {
        List<String> flags = RendererCommandLine.BASE_FLAGS;
        assertTrue(flags.contains("-Xms64m"), flags.toString());
        assertTrue(flags.contains("-Xmx256m"), flags.toString());
        assertTrue(flags.contains("-XX:+UseSerialGC"), flags.toString());
    }
}
