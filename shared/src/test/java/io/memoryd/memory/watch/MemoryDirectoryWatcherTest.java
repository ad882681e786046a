package io.memoryd.memory.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on real directories: what it reports, what it ignores, and how it recovers. */
class MemoryDirectoryWatcherTest {

    private static final String ARTIFACT = "2026-04-30T10-00-00.000Z--abcdefghijklmnop--summary.md";

    @TempDir
    Path root;
    Path memory;
    final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    MemoryDirectoryWatcher watcher;

    @BeforeEach
    void start() throws IOException {
        memory = Files.createDirectories(root.resolve("memory"));
        watcher = MemoryDirectoryWatcher.start(root, memory, new MemoryDirectoryWatcher.Listener() {
            @Override
            public void artifactChanged(Path file) {
                heard.add("artifact " + file.getFileName());
            }

            @Override
            public void noteChanged(Path file) {
                heard.add("note " + file.getFileName());
            }

            @Override
            public void unknownChanges(String why) {
                heard.add("unknown");
            }
        });
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    private String next() throws InterruptedException {
        String s = heard.poll(5, TimeUnit.SECONDS);
        return s == null ? "(nothing within 5 s)" : s;
    }

    @Test
    void reportsArtifactsAndNotesButNotDatabaseBackupsOrTempFiles() throws Exception {
        Files.writeString(memory.resolve("memories.db-wal"), "x");
        Files.writeString(memory.resolve("MEMORY.backup-2026-04-10.md"), "x");
        Files.writeString(memory.resolve("MEMORY.md"), "x");
        Files.writeString(memory.resolve(ARTIFACT + ".tmp-1-2-3"), "x");
        Files.writeString(memory.resolve("notes--summary.md"), "x");
        Files.writeString(memory.resolve(ARTIFACT), "x");
        Files.writeString(memory.resolve("notes.md"), "x");

        assertEquals("artifact " + ARTIFACT, next());
        String note = next();
        while (note.equals("artifact " + ARTIFACT)) { // create and modify may arrive as two events
            note = next();
        }
        assertEquals("note notes.md", note);
    }

    @Test
    void syncReturnsOnlyAfterEarlierEventsWereDelivered() throws Exception {
        Files.writeString(memory.resolve(ARTIFACT), "x");

        assertTrue(watcher.sync(Duration.ofSeconds(5)));

        assertEquals("artifact " + ARTIFACT, heard.poll());
    }

    @Test
    void reportsUnknownChangesWhenMemoryIsDeletedAndWatchesItAgainWhenRecreated() throws Exception {
        Files.delete(memory);
        assertEquals("unknown", next());

        Files.createDirectory(memory);
        assertEquals("unknown", next());
        Files.writeString(memory.resolve(ARTIFACT), "x");

        assertEquals("artifact " + ARTIFACT, next());
        assertTrue(watcher.watching());
    }
}
