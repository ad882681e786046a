package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.FileSnapshot;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page of {@code memories.db} is overwritten from outside after the workspace opened: renders and
 * writes that reach it fail with a typed {@link StorageFault#DATABASE_CORRUPT} naming the file ("database
 * disk image is malformed"), never with a projection that silently leaves the damaged table out, and
 * memoryd neither deletes nor rewrites anything: the database keeps its size and bytes, every artifact
 * file stays.
 */
@Timeout(60)
class CorruptDatabaseTest {

    @TempDir
    Path root;
    private Path db;
    private int pageSize;

    @BeforeEach
    void workspaceWithSessionsAndMemories() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            for (int i = 0; i < 30; i++) {
                t.ws.writer().writeSummary(TestWorkspace.session("default", "s" + i, "/home/u/proj",
                        String.format("2026-04-%02dT10:00:00.000Z", 1 + i % 28), "Worked on the retry loop, step " + i
                                + ". " + "Details of the change. ".repeat(40)));
            }
            for (int i = 0; i < 3; i++) {
                t.execute("INSERT INTO memories(id, content, type, importance, created_at, agent_id, visibility)"
                        + " VALUES (?, ?, 'fact', 0.9, '2026-04-20T10:00:00.000Z', 'default', 'global')",
                        "m" + i, "Durable fact number " + i + ".");
            }
            t.render("default");
            assertTrue(t.render("default").content().contains("Durable fact number 0."));
            pageSize = t.count("PRAGMA page_size");
            db = t.ws.database().path();
        }
    }

    private int rootPage(String table) {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            return t.count("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", table);
        }
    }

    /** Overwrites the first 16 bytes of a page (its b-tree header; never the file header on page 1). */
    private byte[] corruptPage(int page) throws Exception {
        assertTrue(page > 1, "page " + page);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek((long) (page - 1) * pageSize);
            byte[] garbage = new byte[16];
            Arrays.fill(garbage, (byte) 0xFF);
            f.write(garbage);
        }
        return Files.readAllBytes(db);
    }

    private static StorageFailure corrupt(RuntimeException e) {
        StorageFailure failure = StorageFailure.in(e).orElseThrow(() -> new AssertionError("not typed: " + e, e));
        assertEquals(StorageFault.DATABASE_CORRUPT, failure.fault());
        return failure;
    }

    @Test
    @DisplayName("a damaged memory_artifacts page after open: render and write fail typed naming the file;"
            + " nothing deleted or rewritten")
    void damagedArtifactsPage_failsRenderAndWriteTyped_andTouchesNothing() throws Exception {
        int page = rootPage("memory_artifacts");
        FileSnapshot files = FileSnapshot.of(root.resolve("memory"));
        byte[] damaged;
        try (TestWorkspace t = TestWorkspace.open(root)) {
            damaged = corruptPage(page);

            StorageFailure render = corrupt(assertThrows(RuntimeException.class, () -> t.render("default")));
            StorageFailure write = corrupt(assertThrows(RuntimeException.class, () -> t.ws.writer().writeSummary(
                    TestWorkspace.session("default", "new", "/home/u/proj", "2026-04-29T10:00:00.000Z", "New."))));

            for (StorageFailure f : new StorageFailure[] {render, write}) {
                assertEquals(db, f.file());
                assertTrue(f.message().contains(db.toString()) && f.message().contains("malformed"), f.message());
                assertTrue(f.description().startsWith("database corrupt: "), f.description());
            }
            assertArrayEquals(damaged, Files.readAllBytes(db), "memories.db was written to");
            files.assertAllStillThere();
        }
        assertArrayEquals(damaged, Files.readAllBytes(db), "closing the workspace wrote to memories.db");
    }

    @Test
    @DisplayName("a damaged memories page after open: the render fails typed instead of showing an empty global head")
    void damagedMemoriesPage_failsTheRenderTyped_insteadOfDroppingTheSection() throws Exception {
        int page = rootPage("memories");
        try (TestWorkspace t = TestWorkspace.open(root)) {
            byte[] damaged = corruptPage(page);

            StorageFailure failure = corrupt(assertThrows(RuntimeException.class, () -> t.render("default")));

            assertEquals(db, failure.file());
            assertTrue(failure.message().contains("malformed"), failure.message());
            assertArrayEquals(damaged, Files.readAllBytes(db));
        }
    }
}
