package io.memoryd.daemon.cli.hooks;

import static io.memoryd.daemon.cli.hooks.HooksCli.golden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.memoryd.daemon.RunDirectory;
import io.memoryd.daemon.cli.CliOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hooks status claude-code}: the golden reports ({@code <input>.status.txt|json}, the settings path
 * written as {@code @SETTINGS@}) and the socket checks that depend on the file system.
 */
class HooksStatusTest {

    @TempDir
    Path dir;

    private CliOutcome status(Path settings, Path home, String... more) {
        String[] line = new String[6 + more.length];
        System.arraycopy(new String[] {"status", "claude-code", "--settings", settings.toString(), "--home",
                home.toString()}, 0, line, 0, 6);
        System.arraycopy(more, 0, line, 6, more.length);
        return new HooksCli(Map.of(), dir).run(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foreign.installed", "partial"})
    void status_reportsEachMemorydHook_itsSocketAndAgent_andTheEventsWithout(String input) throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, golden(input + ".json"));

        CliOutcome text = status(settings, Path.of("/ws"));
        CliOutcome json = status(settings, Path.of("/ws"), "--json");

        assertEquals(new CliOutcome(0, golden(input + ".status.txt").replace("@SETTINGS@", settings.toString()), ""),
                text);
        assertEquals(new CliOutcome(0, golden(input + ".status.json").replace("@SETTINGS@", settings.toString()),
                ""), json);
        assertEquals(golden(input + ".json"), Files.readString(settings));
    }

    @Test
    void statusOfAMissingFile_saysSo_andThatNothingIsInstalled() {
        Path settings = dir.resolve("none.json");

        CliOutcome r = status(settings, Path.of("/ws"));

        assertEquals(new CliOutcome(0, """
                settings: %s (missing)
                workspace socket: /ws/.memoryd/run/hooks.sock (missing)
                SessionStart: not installed
                SessionEnd: not installed
                """.formatted(settings), ""), r);
        assertFalse(Files.exists(settings));
    }

    @Test
    void status_seesTheSocketOnceItExists() throws IOException {
        Path home = dir.resolve("ws");
        Path socket = RunDirectory.hooksSocket(RunDirectory.choose(home, Map.of()));
        Path settings = dir.resolve("settings.json");
        new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", home.toString(), "--settings",
                settings.toString());
        Files.createDirectories(socket.getParent());
        Files.createFile(socket); // a stand-in: status only asks whether the path exists

        CliOutcome r = status(settings, home);

        assertEquals(new CliOutcome(0, """
                settings: %1$s
                workspace socket: %2$s (exists)
                SessionStart: installed, socket %2$s (exists, this workspace's), agent default
                SessionEnd: installed, socket %2$s (exists, this workspace's), agent default
                """.formatted(settings, socket), ""), r);
    }
}
