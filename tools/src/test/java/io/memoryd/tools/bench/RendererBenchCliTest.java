package io.memoryd.tools.bench;

import io.memoryd.tools.CliRun;
import org.junit.jupiter.api.Test;

/** The command line of scripts/bench-renderer, run in process. */
class RendererBenchCliTest {

    @Test
    void unknownOption_exits2WithItsNameAndTheUsage() {
        CliRun.of(RendererBench::run, "--spawns", "1", "--runs", "3")
                .assertUsageError("bench-renderer: unknown option --runs", RendererBench.USAGE);
    }

    @Test
    void badNumber_exits2NamingTheOption() {
        CliRun.of(RendererBench::run, "--spawns", "none")
                .assertUsageError("bench-renderer: --spawns must be a whole number of at least 1: none",
                        RendererBench.USAGE);
    }

    @Test
    void version_printsMemorydAndItsVersion() {
        CliRun.of(RendererBench::run, "--version").assertVersion();
    }
}
