package io.memoryd.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.tools.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines of scripts/stress, chaos, bench-watch and the report step of scripts/bench, run in process:
 * a mistake is refused before anything starts or is generated.
 */
class LoadCommandsCliTest {

    @TempDir
    Path work;

    @Test
    void unknownOption_exits2WithItsNameAndTheUsage_forEveryLoadCommand() {
        CliRun.of(StressCommand::run, "--clients", "2", "--bogus", "1")
                .assertUsageError("stress: unknown option --bogus", StressCommand.USAGE);
        CliRun.of(ChaosCommand::run, "--compare-in-process")
                .assertUsageError("chaos: unknown option --compare-in-process", ChaosCommand.USAGE);
        CliRun.of(WatchBenchCommand::run, "--json=yes")
                .assertUsageError("bench-watch: option --json takes no value: --json=yes", WatchBenchCommand.USAGE);
        CliRun.of(BenchReportCommand::run, "--dir", "x", "--quick")
                .assertUsageError("bench-report: unknown option --quick", BenchReportCommand.USAGE);
    }

    @Test
    void valuesOutOfRange_orMissing_exit2BeforeAnyWorkspaceIsGenerated() throws Exception {
        CliRun.of(StressCommand::run, "--artifacts", "2", "--work", work.toString())
                .assertUsageError("stress: --artifacts must be a whole number of at least 3: 2", StressCommand.USAGE);
        CliRun.of(ChaosCommand::run, "--renderers", "0", "--work", work.toString())
                .assertUsageError("chaos: --renderers must be a whole number from 1 to 64: 0", ChaosCommand.USAGE);
        CliRun.of(ChaosCommand::run, "--socket", "/x.sock").assertUsageError(
                "chaos: chaos starts (and kills) its own daemon; --socket is not allowed", ChaosCommand.USAGE);
        CliRun.of(BenchReportCommand::run, "--dir", "x")
                .assertUsageError("bench-report: --benchmarks is required", BenchReportCommand.USAGE);

        try (Stream<Path> made = Files.list(work)) {
            assertEquals(0, made.count(), "nothing generated under --work");
        }
    }

    @Test
    void help_printsTheUsageOnStdout() {
        assertEquals(new CliRun(0, StressCommand.USAGE, ""), CliRun.of(StressCommand::run, "--help"));
        assertEquals(new CliRun(0, WatchBenchCommand.USAGE, ""), CliRun.of(WatchBenchCommand::run, "-h"));
    }

    @Test
    void version_printsMemorydAndItsVersion_forEveryLoadCommand() {
        CliRun.of(StressCommand::run, "--version").assertVersion();
        CliRun.of(ChaosCommand::run, "--version").assertVersion();
        CliRun.of(WatchBenchCommand::run, "--version").assertVersion();
        CliRun.of(BenchReportCommand::run, "--version").assertVersion();
    }
}
