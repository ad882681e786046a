package io.memoryd.daemon.cli.hooks;

import static io.memoryd.daemon.cli.hooks.HooksCli.golden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.cli.CliOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A settings file memoryd cannot edit safely is refused: exit 1, one stderr line naming the file and the
 * problem, nothing on stdout, and the file byte-for-byte as it was, with no backup or temp file beside it.
 * The inputs are the files in {@code refused/} of this package's test resources.
 */
class ClaudeSettingsRefusalTest {

    @TempDir
    Path dir;

    private void assertRefused(String action, byte[] content, String problem) throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.write(settings, content);

        CliOutcome r = new HooksCli(Map.of(), dir).run(action, "claude-code", "--home", "/ws",
                "--settings", settings.toString());

        String unchanged = action.equals("status") ? "" : "; left unchanged";
        assertEquals(new CliOutcome(1, "", "memoryctl hooks " + action + ": refusing " + settings + ": " + problem
                + unchanged + "\n"), r);
        assertArrayEquals(content, Files.readAllBytes(settings));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(settings), files.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            trailing-comma.json      | is not valid JSON (Expected name at line 3 column 2 path $.model)
            comment.json             | is not valid JSON (malformed JSON at line 1 column 2 path $)
            two-values.json          | is not valid JSON (malformed JSON at line 1 column 5 path $)
            truncated.json           | is not valid JSON (End of input at line 1 column 17 path $.model)
            duplicate-key.json       | is not valid JSON (key "A" appears twice in one object at $.env.A)
            top-level-array.json     | the top level is an array, expected an object
            hooks-array.json         | "hooks" is an array, expected an object
            event-object.json        | "hooks.SessionStart" is an object, expected an array of matcher groups
            group-string.json        | "hooks.SessionStart[0]" is a string, expected an object
            group-hooks-object.json  | "hooks.SessionEnd[0].hooks" is an object, expected an array
            entry-null.json          | "hooks.SessionStart[0].hooks[1]" is null, expected an object
            """)
    void invalidJsonOrUnexpectedTypes_areRefusedByInstallUninstallAndStatus_leavingTheFileAlone(String file,
            String problem) throws IOException {
        byte[] content = golden("refused/" + file).getBytes(StandardCharsets.UTF_8);
        for (String action : List.of("install", "uninstall", "status")) {
            assertRefused(action, content, problem);
        }
    }

    @Test
    void aFileThatIsNotUtf8_isRefused() throws IOException {
        assertRefused("install", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
                "is not UTF-8 text");
    }

    @Test
    void aDirectoryInPlaceOfTheFile_isRefused() throws IOException {
        Path settings = Files.createDirectory(dir.resolve("settings.json"));

        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--settings", settings.toString());

        assertEquals(new CliOutcome(1, "", "memoryctl hooks install: refusing " + settings
                + ": is not a regular file; left unchanged\n"), r);
    }

    @Test
    void aSymbolicLinkToNothing_isRefused_ratherThanReplacedByAFile() throws IOException {
        Path settings = Files.createSymbolicLink(dir.resolve("settings.json"), dir.resolve("gone.json"));

        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--settings", settings.toString());

        assertEquals(1, r.code(), r.err());
        assertEquals("memoryctl hooks install: refusing " + settings + ": is a symbolic link to "
                + dir.resolve("gone.json") + ", which does not exist; left unchanged", r.firstErrLine());
        assertTrue(Files.isSymbolicLink(settings));
    }
}
