package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.projection.ProjectionRenderer;
import io.memoryd.memory.testing.FileSnapshot;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.TestMount;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace on a small tmpfs that runs out of space: writes and explicit index passes fail with a
 * {@link StorageFault#DISK_FULL} naming the file, renders go on from what is already indexed, nothing
 * already on disk is deleted or truncated, and once space is freed the same workspace writes and indexes
 * again.
 */
@Timeout(120)
class DiskFullTest {

    @TempDir
    Path dir;

    private static void writeSessions(TestWorkspace t, String prefix, int count, int bodyChars) {
        for (int i = 0; i < count; i++) {
            String body = ("Session " + prefix + i + " worked on the retry loop. ").repeat(bodyChars / 40 + 1);
            t.ws.writer().writeSummary(TestWorkspace.session("default", prefix + i, "/home/u/proj",
                    String.format("2026-04-%02dT10:00:00.000Z", 1 + i % 28), body));
        }
    }

    private static StorageFailure storageFailure(RuntimeException e) {
        return StorageFailure.in(e).orElseThrow(() -> new AssertionError("not a storage failure: " + e, e));
    }

    @Test
    @DisplayName("disk full during a write: typed DISK_FULL naming the file, no file lost, the write works once"
            + " space is freed")
    void writeOnAFullDisk_failsTypedNamingTheFile_andWorksOnceSpaceIsFreed() throws Exception {
        Path root = dir.resolve("ws");
        try (TestMount mount = TestMount.tmpfs(root, 4096)) {
            try (TestWorkspace t = TestWorkspace.open(root)) {
                writeSessions(t, "old", 5, 400);
                t.render("default");
                FileSnapshot before = FileSnapshot.of(t.memoryDir());
                long dbSize = Files.size(root.resolve("memory/memories.db"));
                Path filler = TestMount.fill(root);

                RuntimeException e = assertThrows(RuntimeException.class, () -> writeSessions(t, "new", 1, 400));

                StorageFailure failure = storageFailure(e);
                assertEquals(StorageFault.DISK_FULL, failure.fault());
                assertTrue(failure.description().startsWith("disk full: "), failure.description());
                assertTrue(failure.message().contains(t.memoryDir().toString()), failure.message());
                before.assertAllStillThere();
                assertTrue(Files.size(root.resolve("memory/memories.db")) >= dbSize, "memories.db was truncated");
                assertNoTempFilesLeft(t.memoryDir());

                Files.delete(filler);
                writeSessions(t, "new", 1, 400);
                assertTrue(t.render("default").content().contains("| session=new0 |"));
            }
        }
    }

    @Test
    @DisplayName("disk full during an index pass: the render goes on from what is indexed with a warning naming"
            + " memories.db, an explicit reindex fails typed, nothing is deleted, and the next render after"
            + " freeing space indexes everything")
    void indexPassOnAFullDisk_rendersFromTheIndex_reindexFailsTyped_andCatchesUpOnceSpaceIsFreed() throws Exception {
        Path scratch = dir.resolve("scratch");
        List<Path> newFiles = new ArrayList<>();
        try (TestWorkspace s = TestWorkspace.open(scratch)) {
            writeSessions(s, "copied", 40, 8000);
        }
        try (Stream<Path> files = Files.list(scratch.resolve("memory"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".md")).forEach(newFiles::add);
        }
        Path root = dir.resolve("ws");
        try (TestMount mount = TestMount.tmpfs(root, 4096)) {
            try (TestWorkspace t = TestWorkspace.open(root)) {
                writeSessions(t, "old", 5, 400);
                t.render("default");
                String indexed = t.render("default").content();
                for (Path f : newFiles) {
                    Files.copy(f, t.memoryDir().resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                FileSnapshot before = FileSnapshot.of(t.memoryDir());
                Path db = t.ws.database().path();
                long dbSize = Files.size(db);
                Path filler = TestMount.fill(root);

                String rendered;
                try (LogCapture logs = LogCapture.of(ProjectionRenderer.class)) {
                    rendered = t.render("default").content();
                    assertTrue(logs.anyContains("disk full: Indexing artifacts failed on " + db),
                            logs.messages().toString());
                }
                RuntimeException e = assertThrows(RuntimeException.class, () -> t.ws.reindex(AgentId.DEFAULT));

                assertEquals(indexed, rendered, "the render serves what was indexed before the disk filled");
                StorageFailure failure = storageFailure(e);
                assertEquals(StorageFault.DISK_FULL, failure.fault());
                assertEquals(db, failure.file());
                assertTrue(failure.message().contains(db.toString()), failure.message());
                before.assertAllStillThere();
                assertTrue(Files.size(db) >= dbSize, "memories.db was truncated");

                Files.delete(filler);
                String caughtUp = t.render("default").content();
                assertTrue(caughtUp.contains("| session=copied27 |"), caughtUp);
                assertEquals(80 + 10, t.count("SELECT count(*) FROM memory_artifacts WHERE agent_id = 'default'"));
            }
        }
    }

    private static void assertNoTempFilesLeft(Path memoryDir) throws Exception {
        try (Stream<Path> files = Files.list(memoryDir)) {
            List<String> temps = files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
            assertEquals(List.of(), temps, "temp files of the failed write were left behind");
        }
    }
}
