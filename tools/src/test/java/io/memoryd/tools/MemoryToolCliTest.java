package io.memoryd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of scripts/gen-workspace and scripts/bench-render (MemoryTool), run in process. */
class MemoryToolCliTest {

    @TempDir
    Path dir;

    private static CliRun tool(String... args) {
        return CliRun.of(MemoryTool::run, args);
    }

    @Test
    void unknownOption_exits2WithItsNameAndTheUsage_forEveryCommand() {
        tool("generate", "--bogus").assertUsageError("memoryd-tool: unknown option --bogus for generate",
                MemoryTool.USAGE);
        tool("bench-render", "--runs", "1", "--bogus=1").assertUsageError(
                "memoryd-tool: unknown option --bogus for bench-render", MemoryTool.USAGE);
        tool("bench-run", "--sizes", "1").assertUsageError("memoryd-tool: unknown option --sizes for bench-run",
                MemoryTool.USAGE);
    }

    @Test
    void unknownOrMissingCommand_exits2() {
        tool("gen").assertUsageError("memoryd-tool: unknown command gen", MemoryTool.USAGE);
        tool().assertUsageError("memoryd-tool: name a command: generate, bench-run, bench-head, bench-render", MemoryTool.USAGE);
    }

    @Test
    void badNumbers_exit2NamingTheOption() {
        tool("generate", "--artifacts", "2", "--out", dir.toString()).assertUsageError(
                "memoryd-tool: --artifacts must be a whole number of at least 3: 2", MemoryTool.USAGE);
        tool("bench-render", "--sizes", "1000,lots").assertUsageError(
                "memoryd-tool: --sizes must be whole numbers of at least 3 separated by commas: 1000,lots",
                MemoryTool.USAGE);
        tool("generate", "--artifacts", "9").assertUsageError(
                "memoryd-tool: generate needs --artifacts N (N >= 3) and --out DIR", MemoryTool.USAGE);
    }

    @Test
    void helpAndVersion_printOnStdout() {
        assertEquals(new CliRun(0, MemoryTool.USAGE, ""), tool("generate", "--help"));
        tool("--version").assertVersion();
        tool("bench-render", "--version").assertVersion();
    }

    @Test
    void generate_takesItsOptionsBeforeOrAfterTheCommand() {
        Path first = dir.resolve("a");
        Path second = dir.resolve("b");

        CliRun before = tool("--out", first.toString(), "--artifacts=3", "--plain", "generate", "--now",
                "2026-01-01T00:00:00Z");
        CliRun after = tool("generate", "--out", second.toString(), "--artifacts", "3", "--plain",
                "--now=2026-01-01T00:00:00Z");

        assertEquals(0, before.code(), before.err());
        assertEquals(0, after.code(), after.err());
        assertTrue(before.out().startsWith("generated 3 artifacts (1 sessions, 1 agents)"), before.out());
        assertTrue(Files.isDirectory(first.resolve("memory")));
        assertTrue(Files.isDirectory(second.resolve("memory")));
    }

    @Test
    void generate_sizeFactor_makesSummariesAndTranscriptsThatManyTimesLarger() throws Exception {
        Path plain = dir.resolve("plain");
        Path heavy = dir.resolve("heavy");

        CliRun one = tool("generate", "--out", plain.toString(), "--artifacts", "3", "--plain", "--now",
                "2026-01-01T00:00:00Z");
        CliRun two = tool("generate", "--out", heavy.toString(), "--artifacts", "3", "--plain", "--now",
                "2026-01-01T00:00:00Z", "--size-factor", "2");

        assertEquals(0, one.code(), one.err());
        assertEquals(0, two.code(), two.err());
        for (String kind : new String[] {"--summary.md", "--transcript.md"}) {
            double ratio = (double) sizeOf(heavy, kind) / sizeOf(plain, kind);
            // the bodies double; the front matter around them stays the same size
            assertTrue(ratio > 1.6 && ratio < 2.1, kind + " grew by " + ratio);
        }
        tool("generate", "--out", heavy.toString(), "--artifacts", "3", "--size-factor", "0").assertUsageError(
                "memoryd-tool: --size-factor must be a whole number of at least 1: 0", MemoryTool.USAGE);
    }

    private static long sizeOf(Path workspace, String suffix) throws java.io.IOException {
        try (var files = Files.list(workspace.resolve("memory"))) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
            return Files.size(file);
        }
    }
}
