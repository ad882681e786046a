package io.memoryd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.DaemonMain;
import io.memoryd.process.cli.MemorydVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/memoryd}'s command line, run in process: the daemon's options (refused before anything
 * starts) and {@code render}'s, in either order around the command.
 */
class MemorydCommandCliTest {

    private static final String DAEMON_USAGE = DaemonMain.USAGE_HEADER + DaemonMain.USAGE;

    @TempDir
    Path dir;

    private static CliOutcome memoryd(String... args) {
        return CliOutcome.of(MemorydCommand::run, args);
    }

    private static void assertUsageError(CliOutcome r, String firstLine, String usage) {
        assertEquals(2, r.code(), r.err());
        assertEquals(firstLine, r.firstErrLine());
        assertTrue(r.err().endsWith(usage), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownDaemonOption_exits2WithItsNameAndTheDaemonUsage_beforeStartingAnything() {
        assertUsageError(memoryd("--home", dir.toString(), "--bogus"), "memoryd: unknown option --bogus",
                DAEMON_USAGE);
        assertUsageError(memoryd("daemon", "--renderers=0"),
                "memoryd: --renderers must be a whole number from 1 to 64: 0", DAEMON_USAGE);
        assertFalse(dir.resolve(".memoryd").toFile().exists());
    }

    @Test
    void unknownRenderOption_exits2WithTheRenderUsage() {
        assertUsageError(memoryd("render", "--renderers", "1"), "memoryd: unknown option --renderers for render",
                RenderCommand.USAGE);
        assertUsageError(memoryd("render", "--max-tokens", "0"),
                "memoryd: --max-tokens must be a whole number of at least 1: 0", RenderCommand.USAGE);
    }

    @Test
    void unknownCommand_exits2() {
        assertUsageError(memoryd("serve"), "memoryd: unknown command serve", DAEMON_USAGE);
    }

    @Test
    void help_printsTheUsageOfTheCommandOnStdout() {
        assertEquals(new CliOutcome(0, DAEMON_USAGE, ""), memoryd("--help"));
        assertEquals(new CliOutcome(0, DAEMON_USAGE, ""), memoryd("daemon", "--help"));
        assertEquals(new CliOutcome(0, RenderCommand.USAGE, ""), memoryd("render", "-h"));
    }

    @Test
    void version_printsMemorydAndItsVersion_forEveryCommand() {
        String line = "memoryd " + MemorydVersion.of(MemorydCommand.class) + "\n";

        assertEquals(new CliOutcome(0, line, ""), memoryd("--version"));
        assertEquals(new CliOutcome(0, line, ""), memoryd("render", "--version"));
        assertEquals(new CliOutcome(0, line, ""), memoryd("--renderers", "1", "--version"));
    }

    @Test
    void render_takesItsOptionsBeforeOrAfterTheCommand() {
        String home = dir.resolve("ws").toString();

        CliOutcome before = memoryd("--home", home, "--json", "render", "--max-tokens=2000");
        CliOutcome after = memoryd("render", "--max-tokens", "2000", "--home=" + home, "--json");

        assertEquals(0, before.code(), before.err());
        assertEquals(0, after.code(), after.err());
        assertTrue(before.out().startsWith("{\"content\":"), before.out());
        assertEquals(before.out().replaceAll("\\d", "0"), after.out().replaceAll("\\d", "0"));
    }

    @Test
    void daemonMainDirectly_refusesAnUnknownOptionAndAnswersVersion() {
        CliOutcome bogus = CliOutcome.of(DaemonMain::run, "--bogus");
        CliOutcome port = CliOutcome.of(DaemonMain::run, "--tcp-port", "70000");

        assertEquals(2, bogus.code());
        assertEquals("memoryd: unknown option --bogus", bogus.firstErrLine());
        assertEquals("", bogus.out());
        assertEquals("memoryd: --tcp-port must be a whole number from 0 to 65535: 70000", port.firstErrLine());
        assertEquals(new CliOutcome(0, "memoryd " + MemorydVersion.of(DaemonMain.class) + "\n", ""),
                CliOutcome.of(DaemonMain::run, "--version"));
    }
}
