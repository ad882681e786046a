package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.FileSnapshot;
import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds {@code memories.db}'s write lock beyond the busy timeout: renders go on (WAL
 * readers are not blocked; a render whose index pass cannot store goes on from the index), a write fails
 * after the busy timeout with a typed {@link StorageFault#DATABASE_LOCKED} naming the file, and once the
 * lock is released the same workspace writes again and renders what it wrote.
 */
@Timeout(120)
class LockedDatabaseTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("a DB locked by another process: renders go on, a write fails typed after the busy timeout,"
            + " and writes work (and show) once the lock is released")
    void lockedByAnotherProcess_writeFailsTyped_rendersGoOn_andWritesWorkOnceReleased() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            for (int i = 0; i < 3; i++) {
                t.ws.writer().writeSummary(TestWorkspace.session("default", "s" + i, "/home/u/proj",
                        "2026-04-2" + i + "T10:00:00.000Z", "Worked on the retry loop, step " + i + "."));
            }
            // The first render rewrites manifests' ledger references, which the second one indexes; from the
            // third on a render of unchanged files writes nothing.
            t.render("default");
            String before = t.render("default").content();
            FileSnapshot files = FileSnapshot.of(t.memoryDir());
            Path db = t.ws.database().path();

            try (DatabaseLockHolder holder = DatabaseLockHolder.start(db)) {
                assertEquals(before, t.render("default").content(), "a render that writes nothing is not blocked");

                long start = System.nanoTime();
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> t.ws.writer().writeSummary(newSession()));
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                StorageFailure failure = StorageFailure.in(e).orElseThrow(() -> new AssertionError(e));
                assertEquals(StorageFault.DATABASE_LOCKED, failure.fault());
                assertEquals(db, failure.file());
                assertTrue(failure.message().contains(db.toString()) && failure.message().contains("locked"),
                        failure.message());
                // It waited out the busy timeout (SQLite's busy handler may stop a little short of it) and no longer.
                assertTrue(waitedMs >= MemoryDatabase.BUSY_TIMEOUT_MS - 500, "gave up after " + waitedMs + " ms");
                assertTrue(waitedMs < MemoryDatabase.BUSY_TIMEOUT_MS + 15_000, "waited " + waitedMs + " ms");
                files.assertAllStillThere();
                // The failed write left its session's new manifest; indexing it needs the lock, so this render
                // waits out the busy timeout and then goes on from what is indexed.
                assertEquals(before, t.render("default").content());
            }

            t.ws.writer().writeSummary(newSession());
            String after = t.render("default").content();
            assertTrue(after.contains("| session=new |"), after);
        }
    }

    @Test
    @DisplayName("a DB locked by another process when a workspace opens: it opens at once (a current schema needs"
            + " no write) and renders")
    void lockedByAnotherProcess_workspaceStillOpensAndRenders() throws Exception {
        String before;
        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.ws.writer().writeSummary(newSession());
            t.render("default");
            before = t.render("default").content();
        }
        try (DatabaseLockHolder holder = DatabaseLockHolder.start(root.resolve("memory/memories.db"))) {
            long start = System.nanoTime();
            try (TestWorkspace t = TestWorkspace.open(root)) {
                long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(openMs < MemoryDatabase.BUSY_TIMEOUT_MS, "opening waited " + openMs + " ms for the lock");
                assertEquals(before, t.render("default").content());
            }
        }
    }

    private static io.memoryd.memory.write.SessionInput newSession() {
        return TestWorkspace.session("default", "new", "/home/u/proj", "2026-04-29T10:00:00.000Z",
                "Written while another process held the lock.");
    }
}
