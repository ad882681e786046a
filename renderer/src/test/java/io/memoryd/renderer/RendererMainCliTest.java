package io.memoryd.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.process.cli.MemorydVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderer's command line, run in process up to the point where it would start serving. */
class RendererMainCliTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome renderer(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RendererMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsageError(Outcome r, String firstLine) {
        assertEquals(2, r.code(), r.err());
        assertEquals(firstLine, r.err().lines().findFirst().orElse(""));
        assertTrue(r.err().endsWith(RendererMain.USAGE), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownOption_exits2WithItsNameAndTheUsageOnStderr() {
        assertUsageError(renderer("--home", "/w", "--socket", "/s", "--id", "r1", "--bogus"),
                "memoryd-renderer: unknown option --bogus");
    }

    @Test
    void missingIdentity_exits2NamingTheMissingOption() {
        assertUsageError(renderer("--home", "/w", "--socket", "/s"), "memoryd-renderer: --id is required");
    }

    @Test
    void badNumbers_exit2NamingTheOption() {
        assertUsageError(renderer("--home", "/w", "--socket", "/s", "--id", "r1", "--max-agents", "0"),
                "memoryd-renderer: --max-agents must be a whole number of at least 1: 0");
        assertUsageError(renderer("--home", "/w", "--socket", "/s", "--id", "r1", "--fault-exit-at-start", "300"),
                "memoryd-renderer: --fault-exit-at-start must be a whole number from 0 to 255: 300");
    }

    @Test
    void help_printsTheUsageOnStdout() {
        assertEquals(new Outcome(0, RendererMain.USAGE, ""), renderer("--help"));
    }

    @Test
    void version_printsMemorydAndItsVersion() {
        assertEquals(new Outcome(0, "memoryd " + MemorydVersion.of(RendererMain.class) + "\n", ""),
                renderer("--version"));
    }
}
