package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temp files of atomic writes left by a writer that died are removed at start; those of a process that
 * still runs, and every other file, are never touched.
 */
class StaleTempFilesTest {

    private static final String ARTIFACT = "2026-04-29T10-00-00.000Z--yruajzz2ynbltkjz--summary.md";
    private static final String MANIFEST = "2026-04-29T10-00-00.000Z--yruajzz2ynbltkjz--manifest.md";

    @TempDir
    Path root;
    Path memory;
    long dead;
    long self = ProcessHandle.current().pid();
    Process live;

    @BeforeEach
    void processes() throws Exception {
        memory = Files.createDirectories(root.resolve("memory"));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        dead = ended.pid();
        live = new ProcessBuilder("sleep", "600").start();
    }

    @AfterEach
    void stopLive() throws InterruptedException {
        live.destroyForcibly().waitFor();
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(memory.resolve(name), "partial");
    }

    private TreeSet<String> names() throws IOException {
        try (Stream<Path> files = Files.list(memory)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void removesOnlyTheTempFilesOfWritersThatNoLongerRun() throws IOException {
        touch(ARTIFACT + ".tmp-" + dead + "-1777777777777-3");
        touch(MANIFEST + ".tmp-" + dead + "-1777777777777");
        TreeSet<String> kept = new TreeSet<>(List.of(
                ARTIFACT + ".tmp-" + self + "-1777777777777-1",
                MANIFEST + ".tmp-" + live.pid() + "-1777777777777-2",
                "deploy-notes.md",
                ARTIFACT,
                ARTIFACT + ".tmp-chaos",
                "notes.txt.tmp-" + dead + "-1777777777777-1",
                ARTIFACT + ".tmp-" + dead,
                "directory.md.tmp-" + dead + "-1777777777777-1",
                "link.md.tmp-" + dead + "-1777777777777-1"));
        for (String name : kept) {
            if (name.startsWith("directory")) {
                Files.createDirectory(memory.resolve(name));
            } else if (name.startsWith("link")) {
                Files.createSymbolicLink(memory.resolve(name), memory.resolve("deploy-notes.md"));
            } else {
                touch(name);
            }
        }

        int removed;
        try (LogCapture logs = LogCapture.of(StaleTempFiles.class)) {
            removed = new StaleTempFiles().removeFrom(memory);
            assertTrue(logs.anyContains(memory.resolve(MANIFEST + ".tmp-" + dead + "-1777777777777").toString()),
                    logs.messages().toString());
        }

        assertEquals(2, removed);
        assertEquals(kept, names());
    }

    @Test
    void aMissingDirectoryHasNothingToRemove() {
        assertEquals(0, new StaleTempFiles().removeFrom(root.resolve("absent")));
    }

    @Test
    void tempNamesOfThisWriterAndOfTheReferenceNameTheirWriter() {
        assertEquals(OptionalLong.of(4242), AtomicFileWriter.writerPid(ARTIFACT + ".tmp-4242-1777777777777-12"));
        assertEquals(OptionalLong.of(17), AtomicFileWriter.writerPid(MANIFEST + ".tmp-17-1777777777777"));
        assertEquals(OptionalLong.empty(), AtomicFileWriter.writerPid(ARTIFACT));
        assertEquals(OptionalLong.empty(), AtomicFileWriter.writerPid(ARTIFACT + ".tmp-chaos"));
        assertEquals(OptionalLong.empty(), AtomicFileWriter.writerPid("notes.txt.tmp-17-1"));
    }

    @Test
    void openingTheWorkspaceToMigrateRemovesDeadWritersTempFiles_aRendererOpeningLeavesThem() throws IOException {
        TestWorkspace.open(root).close();
        Path stale = touch(ARTIFACT + ".tmp-" + dead + "-1777777777777-1");
        Path inFlight = touch(ARTIFACT + ".tmp-" + live.pid() + "-1777777777777-2");

        MemoryWorkspace.open(WorkspaceOptions.defaults(root).withMigrate(false)).close();
        assertTrue(Files.exists(stale), "a renderer (no migration) leaves the cleanup to the daemon");

        MemoryWorkspace.open(WorkspaceOptions.defaults(root)).close();
        assertTrue(Files.notExists(stale));
        assertTrue(Files.exists(inFlight));
    }
}
