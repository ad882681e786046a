package io.memoryd.process.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where {@code --version} comes from when no jar manifest names one (class directories, the tools jar). */
class MemorydVersionTest {

    @Test
    void withoutAManifestVersion_theBuildsProjectVersionIsUsed() {
        String built = MemorydVersion.built();

        assertTrue(built.matches("[0-9]+\\.[0-9]+\\.[0-9]+.*"), built);
        assertEquals(built, MemorydVersion.of(MemorydVersionTest.class));
        assertEquals("memoryd " + built, MemorydVersion.line(MemorydVersionTest.class));
    }
}
