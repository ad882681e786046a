package io.memoryd.daemon.cli.hooks;

import static io.memoryd.daemon.cli.hooks.HooksCli.golden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import io.memoryd.daemon.cli.CliOutcome;
import io.memoryd.memory.workspace.AgentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hooks install|uninstall claude-code} against the golden files in this package's test resources:
 * what lands in settings.json, what stays, and what comes back out. The workspace is {@code /ws}, so the
 * socket in the golden files is {@code /ws/.memoryd/run/hooks.sock}.
 */
class ClaudeSettingsGoldenTest {

    private static final String BACKUP = "settings.json.memoryd-backup-20250131T120000Z";

    @TempDir
    Path dir;

    private Path settings;

    private CliOutcome hooks(String... args) {
        settings = dir.resolve("settings.json");
        String[] line = Stream.concat(Stream.of(args), Stream.of("--settings", settings.toString()))
                .toArray(String[]::new);
        return new HooksCli(Map.of(), dir).run(line);
    }

    private String settingsText() throws IOException {
        return Files.readString(dir.resolve("settings.json"));
    }

    private void givenSettings(String text) throws IOException {
        Files.writeString(dir.resolve("settings.json"), text);
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installIntoAMissingFile_createsItWithBothHooks_0600_andNoBackup() throws IOException {
        Path nested = dir.resolve("new").resolve("settings.json");

        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", "/ws",
                "--settings", nested.toString());

        assertEquals(new CliOutcome(0, """
                settings: %s
                installed: SessionStart, SessionEnd
                socket: /ws/.memoryd/run/hooks.sock
                agent: default
                changed: true
                backup: none
                replaced: 0
                """.formatted(nested), ""), r);
        assertEquals(golden("missing.installed.json"), Files.readString(nested));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}\n", "{ }", "", " \n"})
    void installIntoAnEmptyObjectOrBlankFile_writesWhatAMissingFileGets_afterABackup(String before)
            throws IOException {
        givenSettings(before);

        CliOutcome r = hooks("install", "claude-code", "--home", "/ws");

        assertEquals(0, r.code(), r.err());
        assertEquals(golden("missing.installed.json"), settingsText());
        assertEquals(before, Files.readString(dir.resolve(BACKUP)));
        assertTrue(r.out().contains("backup: " + dir.resolve(BACKUP) + "\n"), r.out());
    }

    @Test
    void installIntoForeignSettings_keepsEveryForeignKeyAndHook_andAppendsMemorydsGroups() throws IOException {
        givenSettings(golden("foreign.json"));

        CliOutcome r = hooks("install", "claude-code", "--home", "/ws");

        assertEquals(0, r.code(), r.err());
        assertEquals(golden("foreign.installed.json"), settingsText());
    }

    @Test
    void installTwice_leavesTheFileAsTheFirstInstallWroteIt_withoutASecondBackup() throws IOException {
        givenSettings(golden("foreign.json"));
        hooks("install", "claude-code", "--home", "/ws");

        CliOutcome again = hooks("install", "claude-code", "--home", "/ws");

        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("changed: false\nbackup: none\nreplaced: 0\n"), again.out());
        assertEquals(golden("foreign.installed.json"), settingsText());
        assertEquals(List.of("settings.json", BACKUP), filesInDir());
    }

    @Test
    void uninstallAfterInstall_givesBackTheOriginalByteForByte() throws IOException {
        givenSettings(golden("foreign.json"));
        hooks("install", "claude-code", "--home", "/ws");

        CliOutcome r = hooks("uninstall", "claude-code");

        assertEquals(0, r.code(), r.err());
        assertEquals(golden("foreign.json"), settingsText());
        assertTrue(r.out().contains("removed: 2\nevents: SessionStart, SessionEnd\nchanged: true\n"), r.out());
        // the install's backup took the name; the uninstall's got the next one
        assertTrue(r.out().contains("backup: " + dir.resolve(BACKUP + "-2") + "\n"), r.out());
        assertEquals(golden("foreign.installed.json"), Files.readString(dir.resolve(BACKUP + "-2")));
    }

    @Test
    void reinstallForAnotherWorkspaceOrAgent_replacesMemorydsEntriesInsteadOfAddingMore() throws IOException {
        givenSettings(golden("foreign.json"));
        hooks("install", "claude-code", "--home", "/elsewhere", "--agent", "a-1");

        CliOutcome r = hooks("install", "claude-code", "--home", "/ws");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("replaced: 2\n"), r.out());
        assertEquals(golden("foreign.installed.json"), settingsText());
    }

    @Test
    void installWithAnAgent_sendsItsHeader_andTheDefaultAgentSendsNone() throws IOException {
        CliOutcome agent = hooks("install", "claude-code", "--home", "/ws", "--agent", "a-1");
        String withAgent = settingsText();
        CliOutcome named = hooks("install", "claude-code", "--home", "/ws", "--agent", "default");

        assertEquals(0, agent.code(), agent.err());
        assertTrue(agent.out().contains("agent: a-1\n"), agent.out());
        assertEquals(golden("missing.installed-agent.json"), withAgent);
        assertEquals(0, named.code(), named.err());
        assertEquals(golden("missing.installed.json"), settingsText());
    }

    @Test
    void uninstall_removesOnlyMemorydsEntries_fromAGroupThatAlsoHoldsForeignOnes() throws IOException {
        String command = HookCommand.build(ClaudeHookEvent.SESSION_END, Path.of("/ws/.memoryd/run/hooks.sock"),
                AgentId.DEFAULT);
        givenSettings("""
                {"hooks": {"SessionEnd": [{"matcher": "", "hooks": [
                  {"type": "command", "command": "echo bye"},
                  {"type": "command", "command": %s}]}]}}
                """.formatted(new JsonPrimitive(command)));

        CliOutcome r = hooks("uninstall", "claude-code");

        assertEquals(0, r.code(), r.err());
        assertEquals("""
                {
                  "hooks": {
                    "SessionEnd": [
                      {
                        "matcher": "",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "echo bye"
                          }
                        ]
                      }
                    ]
                  }
                }
                """, settingsText());
    }

    @Test
    void uninstallWithoutMemorydHooks_touchesNothing_andAMissingFileStaysMissing() throws IOException {
        CliOutcome missing = hooks("uninstall", "claude-code");
        assertEquals(0, missing.code(), missing.err());
        assertEquals(List.of(), filesInDir());

        String odd = "{\"model\":\"opus\",  \"hooks\": {}}";
        givenSettings(odd);
        CliOutcome r = hooks("uninstall", "claude-code");

        assertEquals(0, r.code(), r.err());
        assertEquals("settings: %s\nremoved: 0\nevents: none\nchanged: false\nbackup: none\n"
                .formatted(dir.resolve("settings.json")), r.out());
        assertEquals(odd, settingsText());
        assertEquals(List.of("settings.json"), filesInDir());
    }

    @Test
    void anEmptyHooksObjectPresentBeforeInstall_isNotRestoredByUninstall_sinceNothingRecordsIt()
            throws IOException {
        givenSettings("{\n  \"hooks\": {}\n}\n");
        hooks("install", "claude-code", "--home", "/ws");

        hooks("uninstall", "claude-code");

        assertEquals("{}\n", settingsText());
    }
}
