package io.memoryd.memory.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What memoryd creates under {@code memory/} and {@code .memoryd/} is its user's alone (files 0600,
 * directories 0700: transcripts are private); what already exists keeps its mode.
 */
class PrivateFilesTest {

    private static final String AT = "2026-04-29T10:00:00.000Z";

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every file and directory below {@code top} (itself included) with its mode. */
    private static Map<String, String> modes(Path root, Path top) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.toList()) {
                out.put(root.relativize(p).toString(), mode(p));
            }
        }
        return out;
    }

    @Test
    void everythingANewWorkspaceGetsIsPrivate() throws IOException {
        Path root = dir.resolve("ws");
        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.ws.writer().writeSummary(TestWorkspace.session("default", "s1", "/home/u/proj", AT, "Did work."));
            t.ws.writer().writeCompaction(TestWorkspace.session("default", "s1", "/home/u/proj", AT, "Compacted."));
            t.render("default");

            Map<String, String> found = modes(root, root.resolve("memory"));
            found.putAll(modes(root, root.resolve(".memoryd")));
            for (Map.Entry<String, String> e : found.entrySet()) {
                String expected = Files.isDirectory(root.resolve(e.getKey())) ? "rwx------" : "rw-------";
                assertEquals(expected, e.getValue(), e.getKey() + " in " + found);
            }
            assertTrue(found.containsKey("memory/memories.db-wal"), found.toString());
            assertTrue(found.keySet().stream().anyMatch(k -> k.endsWith("--compaction.md")), found.toString());
            assertTrue(found.keySet().stream().anyMatch(k -> k.startsWith(".memoryd/locks/")), found.toString());
        }
    }

    @Test
    void whatAlreadyExistsKeepsItsMode() throws IOException {
        Path root = dir.resolve("ws");
        Files.createDirectories(root.resolve("memory"));
        Files.setPosixFilePermissions(root.resolve("memory"), PosixFilePermissions.fromString("rwxr-x---"));
        String manifest;
        try (TestWorkspace t = TestWorkspace.open(root)) {
            manifest = t.ws.writer().writeSummary(TestWorkspace.session("default", "s1", "/home/u/proj", AT,
                    "Did work.")).manifestPath();
        }
        Files.setPosixFilePermissions(root.resolve(manifest), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(root.resolve("memory/memories.db"), PosixFilePermissions.fromString("rw-rw----"));

        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.render("default");

            assertTrue(t.read(manifest).contains("revision: 2"), "the render rewrote the manifest");
            assertEquals("rw-r-----", mode(root.resolve(manifest)));
            assertEquals("rw-rw----", mode(root.resolve("memory/memories.db")));
            assertEquals("rwxr-x---", mode(root.resolve("memory")));
        }
    }

    @Test
    void createDirectoriesMakesOnlyTheMissingOnesPrivate() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.setPosixFilePermissions(dir.resolve("a"), PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFiles.createDirectories(dir.resolve("a/b/c"));

        assertEquals("rwxr-xr-x", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(dir.resolve("a/b")));
        assertEquals("rwx------", mode(dir.resolve("a/b/c")));
    }
}
