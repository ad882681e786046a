package io.memoryd.daemon.cli.hooks;

import static io.memoryd.daemon.cli.hooks.HooksCli.golden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.cli.CliOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the settings file is, and how it is backed up and replaced: mode, links, default locations. */
class SettingsFileHandlingTest {

    private static final String BACKUP = ".memoryd-backup-20250131T120000Z";

    @TempDir
    Path dir;

    @Test
    void rewrite_keepsTheFilesMode_andTheBackupIsACopyWithTheSameMode() throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, golden("foreign.json"));
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r-----"));

        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", "/ws",
                "--settings", settings.toString());

        assertEquals(0, r.code(), r.err());
        Path backup = dir.resolve("settings.json" + BACKUP);
        assertEquals(golden("foreign.json"), Files.readString(backup));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
    }

    @Test
    void aSymbolicLink_staysALink_andTheFileItPointsToIsBackedUpAndReplaced() throws IOException {
        Path dotfiles = Files.createDirectory(dir.resolve("dotfiles"));
        Path real = dotfiles.resolve("claude-settings.json");
        Files.writeString(real, golden("foreign.json"));
        Path link = Files.createSymbolicLink(dir.resolve("settings.json"), real);

        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", "/ws",
                "--settings", link.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(golden("foreign.installed.json"), Files.readString(real));
        Path backup = dotfiles.resolve("claude-settings.json" + BACKUP);
        assertTrue(r.out().contains("settings: " + link + "\n"), r.out());
        assertTrue(r.out().contains("backup: " + backup + "\n"), r.out());
        assertEquals(golden("foreign.json"), Files.readString(backup));
    }

    @Test
    void withoutSettings_theFileIsUnderClaudeConfigDir_elseUnderDotClaudeInTheHome() throws IOException {
        Path config = dir.resolve("config");

        CliOutcome withConfigDir = new HooksCli(Map.of("CLAUDE_CONFIG_DIR", config.toString()), dir)
                .run("install", "claude-code", "--home", "/ws");
        CliOutcome withHome = new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", "/ws");

        assertEquals(0, withConfigDir.code(), withConfigDir.err());
        assertEquals(golden("missing.installed.json"), Files.readString(config.resolve("settings.json")));
        assertEquals(0, withHome.code(), withHome.err());
        assertEquals(golden("missing.installed.json"), Files.readString(dir.resolve(".claude/settings.json")));
    }

    @Test
    void withoutHome_theSocketIsMemorydHomes() throws IOException {
        Path settings = dir.resolve("settings.json");

        CliOutcome r = new HooksCli(Map.of("MEMORYD_HOME", "/ws"), dir).run("install", "claude-code",
                "--settings", settings.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(golden("missing.installed.json"), Files.readString(settings));
    }

    @Test
    void aFileThatCannotBeWritten_exits1_namingItAndTheFailure() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain.txt"), "x");
        Path settings = notADirectory.resolve("settings.json");

        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", "/ws",
                "--settings", settings.toString());

        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        // the exception's class and text come from the JDK ("…FileSystemException: …: Not a directory" here)
        assertTrue(r.err().startsWith("memoryctl hooks install: cannot read, back up or write " + settings
                + ": java.nio.file."), r.err());
    }
}
