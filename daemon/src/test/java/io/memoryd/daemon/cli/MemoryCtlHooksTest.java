package io.memoryd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.memoryd.daemon.RunDirectory;
import io.memoryd.daemon.cli.hooks.HookCommand;
import io.memoryd.daemon.cli.hooks.HooksCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memoryctl hooks …} end to end through memoryctl's own command runner, on a temporary settings file. */
class MemoryCtlHooksTest {

    @TempDir
    Path dir;

    private static CliOutcome memoryctl(String... args) {
        return CliOutcome.of(MemoryCtl::run, args);
    }

    @Test
    void installStatusUninstall_roundTrip_throughMemoryctl() throws IOException {
        Path settings = dir.resolve("claude").resolve("settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"model\": \"opus\"}\n");
        Path home = dir.resolve("ws");
        Path socket = RunDirectory.hooksSocket(RunDirectory.choose(home));

        CliOutcome install = memoryctl("--home", home.toString(), "hooks", "install", "claude-code",
                "--settings", settings.toString(), "--agent", "a-1");

        assertEquals(0, install.code(), install.err());
        assertEquals("", install.err());
        assertTrue(Pattern.compile("""
                settings: \\Q%s\\E
                installed: SessionStart, SessionEnd
                socket: \\Q%s\\E
                agent: a-1
                changed: true
                backup: \\Q%s\\E\\.memoryd-backup-\\d{8}T\\d{6}Z
                replaced: 0
                """.formatted(settings, socket, settings)).matcher(install.out()).matches(), install.out());
        JsonObject written = JsonParser.parseString(Files.readString(settings)).getAsJsonObject();
        assertEquals("opus", written.get("model").getAsString());
        String command = written.getAsJsonObject("hooks").getAsJsonArray("SessionEnd").get(0).getAsJsonObject()
                .getAsJsonArray("hooks").get(0).getAsJsonObject().get("command").getAsString();
        assertEquals(new HookCommand.Target("/v1/hooks/claude-code/session-end", socket, "a-1"),
                HookCommand.parse(command).orElseThrow());

        CliOutcome status = memoryctl("hooks", "status", "claude-code", "--settings", settings.toString(),
                "--home", home.toString(), "--json");

        assertEquals(0, status.code(), status.err());
        JsonObject report = JsonParser.parseString(status.out()).getAsJsonObject();
        assertTrue(report.get("installed").getAsBoolean(), status.out());
        assertEquals(socket.toString(), report.get("workspaceSocket").getAsString());
        assertTrue(report.getAsJsonArray("hooks").get(0).getAsJsonObject().get("matchesWorkspace").getAsBoolean());

        CliOutcome uninstall = memoryctl("hooks", "uninstall", "claude-code", "--settings=" + settings);

        assertEquals(0, uninstall.code(), uninstall.err());
        assertTrue(uninstall.out().contains("removed: 2\n"), uninstall.out());
        assertEquals("{\n  \"model\": \"opus\"\n}\n", Files.readString(settings));
    }

    @Test
    void aRefusedFile_exits1_namingItOnStderr() throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, "{\"hooks\": [");

        CliOutcome r = memoryctl("hooks", "install", "claude-code", "--settings", settings.toString());

        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.firstErrLine().startsWith("memoryctl hooks install: refusing " + settings + ": is not valid JSON"),
                r.err());
        assertEquals("{\"hooks\": [", Files.readString(settings));
    }

    @Test
    void help_ofHooksAndOfEachAction_printsTheHooksUsage_andMemoryctlsUsageNamesHooks() {
        for (String action : new String[] {"install", "uninstall", "status"}) {
            assertEquals(new CliOutcome(0, HooksCommand.USAGE, ""), memoryctl("hooks", action, "--help"));
        }
        assertEquals(new CliOutcome(0, HooksCommand.USAGE, ""), memoryctl("hooks", "--help"));
        assertTrue(memoryctl("--help").out().contains("hooks install|uninstall|status claude-code"));
    }

    @Test
    void mistakesOnTheHooksCommandLine_exit2_withTheHooksUsage() {
        String settings = dir.resolve("s.json").toString();
        String[][] lines = {
            {"hooks"},
            {"hooks", "enable", "claude-code"},
            {"hooks", "install"},
            {"hooks", "install", "cursor"},
            {"hooks", "install", "claude-code", "extra"},
            {"hooks", "uninstall", "claude-code", "--agent", "a"},
            {"hooks", "install", "claude-code", "--socket", "/x.sock"},
            {"hooks", "install", "claude-code", "--agent", "../etc"},
            {"hooks", "install", "claude-code", "--settings"},
        };
        String[] firstLines = {
            "memoryctl: name an action: install, uninstall, status",
            "memoryctl: unknown hooks action enable (install, uninstall, status)",
            "memoryctl: name the agent harness: claude-code",
            "memoryctl: unknown agent harness cursor (supported: claude-code)",
            "memoryctl: unexpected argument extra",
            "memoryctl: --agent applies to hooks install only",
            "memoryctl: --socket and --tcp do not apply to hooks: they post to hooks.sock in the run directory of "
                    + "the workspace (--home)",
            "memoryctl: --agent: Invalid agent id \"../etc\": expected 1-128 characters of [A-Za-z0-9._@-], "
                    + "starting with a letter or digit, without '..'",
            "memoryctl: option --settings needs a value",
        };
        for (int i = 0; i < lines.length; i++) {
            List<String> line = new ArrayList<>(List.of(lines[i]));
            if (!line.get(line.size() - 1).equals("--settings")) {
                line.addAll(List.of("--settings", settings));
            }
            CliOutcome r = memoryctl(line.toArray(String[]::new));

            assertEquals(2, r.code(), line + "\n" + r.err());
            assertEquals(firstLines[i], r.firstErrLine());
            assertEquals("", r.out());
            assertTrue(r.err().endsWith(HooksCommand.USAGE), r.err());
        }
        assertFalse(Files.exists(Path.of(settings)));
    }
}
