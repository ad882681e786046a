package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.FileSnapshot;
import io.memoryd.memory.testing.TestMount;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.SessionInput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code memories.db} on a read-only mount (read-only for root too): the workspace opens and renders
 * from what is indexed, a write fails with a typed {@link StorageFault#READ_ONLY} naming the file, nothing
 * on disk changes, and once the file is writable again the same workspace writes.
 */
@Timeout(120)
class ReadOnlyDatabaseTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("a read-only memories.db: opens, renders, refuses a write typed naming the file, and writes once"
            + " writable")
    void readOnlyDatabase_rendersAndRefusesWritesTyped_andWritesOnceWritableAgain() throws Exception {
        String before;
        try (TestWorkspace t = TestWorkspace.open(root)) {
            for (int i = 0; i < 3; i++) {
                t.ws.writer().writeSummary(TestWorkspace.session("default", "s" + i, "/home/u/proj",
                        "2026-04-2" + i + "T10:00:00.000Z", "Worked on the retry loop, step " + i + "."));
            }
            // The first render rewrites manifests' ledger references, which the second one indexes; from the
            // third on a render of unchanged files writes nothing.
            t.render("default");
            before = t.render("default").content();
        }
        Path db = root.resolve("memory/memories.db");
        byte[] dbBytes = Files.readAllBytes(db);
        FileSnapshot files = FileSnapshot.of(root.resolve("memory"));

        try (TestMount readOnly = TestMount.readOnly(db); TestWorkspace t = TestWorkspace.open(root)) {
            assertEquals(before, t.render("default").content());

            RuntimeException e = assertThrows(RuntimeException.class, () -> t.ws.writer().writeSummary(newSession()));

            StorageFailure failure = StorageFailure.in(e).orElseThrow(() -> new AssertionError(e));
            assertEquals(StorageFault.READ_ONLY, failure.fault());
            assertEquals(db, failure.file());
            assertTrue(failure.message().contains(db.toString()) && failure.message().contains("readonly"),
                    failure.message());
            assertArrayEquals(dbBytes, Files.readAllBytes(db));
            files.assertAllStillThere();
            assertEquals(before, t.render("default").content(), "renders go on after the refused write");

            readOnly.detach();
            t.ws.writer().writeSummary(newSession());
            assertTrue(t.render("default").content().contains("| session=new |"));
        }
    }

    private static SessionInput newSession() {
        return TestWorkspace.session("default", "new", "/home/u/proj", "2026-04-29T10:00:00.000Z",
                "Written while memories.db was read-only.");
    }
}
