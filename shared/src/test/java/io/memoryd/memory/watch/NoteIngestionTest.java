package io.memoryd.memory.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.notes.NoteIngester;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made notes dropped into memory/ become durable notes of agent default, live (issue 5). */
class NoteIngestionTest {

    private static final String SECTION = "## Deploy rules\n\nNever deploy the daemon on a Friday afternoon; the"
            + " renderer pool needs a quiet hour to warm its caches after a release.\n";

    @TempDir
    Path root;
    TestWorkspace t;

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root, MutableClock.at("2026-04-30T12:00:00.000Z"), WatchOptions.watching(true));
    }

    @AfterEach
    void close() {
        t.close();
    }

    private int liveNotes() {
        return t.count("SELECT count(*) FROM memories WHERE source_type = ? AND is_deleted = 0",
                NoteIngester.SOURCE_TYPE);
    }

    /** Waits for the watcher's ingestion, which runs on its own thread; fails after 5 s. */
    private void await(String what, BooleanSupplier condition) {
        // The ingester announces nothing, so this polls the database: bounded, and sleeping between looks
        // so that on two shared cores it does not take the CPU from the thread it waits for.
        long until = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 5 s: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    @Test
    void newNoteShowsInDurableNotesOfTheNextProjection() throws IOException {
        Files.writeString(t.memoryDir().resolve("deploy.md"), SECTION);

        await("note ingested", () -> liveNotes() == 1);

        assertTrue(t.render("default").content().contains("Never deploy the daemon on a Friday"));
    }

    @Test
    void editingANoteReplacesItsChunks() throws IOException {
        Path note = t.memoryDir().resolve("deploy.md");
        Files.writeString(note, SECTION);
        await("first version", () -> liveNotes() == 1);

        Files.writeString(note, SECTION.replace("Friday", "Monday"));

        await("second version replaces the first", () -> t.count("SELECT count(*) FROM memories WHERE"
                + " is_deleted = 0 AND content LIKE '%Monday%'") == 1 && liveNotes() == 1);
    }

    @Test
    void deletingANoteSoftDeletesItsChunks() throws IOException {
        Path note = t.memoryDir().resolve("deploy.md");
        Files.writeString(note, SECTION);
        await("ingested", () -> liveNotes() == 1);

        Files.delete(note);

        await("soft-deleted", () -> liveNotes() == 0);
        assertEquals(1, t.count("SELECT count(*) FROM memories WHERE is_deleted = 1"));
    }

    /**
     * An ingester of a directory nobody watches, so that what a test sees is this ingester's doing and not
     * the workspace watcher's racing it.
     */
    private NoteIngester unwatchedIngester() throws IOException {
        return new NoteIngester(Files.createDirectories(root.resolve("unwatched")), t.ws.database(),
                new io.memoryd.memory.artifact.ArtifactFileReader(1 << 20), t.clock);
    }

    @Test
    void ingestingTheSameTextTwiceChangesNothing() throws IOException {
        NoteIngester ingester = unwatchedIngester();
        Path note = root.resolve("unwatched").resolve("deploy.md");
        Files.writeString(note, SECTION);

        ingester.sync(note);
        ingester.sync(note);

        assertEquals(1, t.count("SELECT count(*) FROM memories"));
    }

    @Test
    void aNoteThatIsNotUtf8IsLoggedWithItsPathAndSkipped() throws IOException {
        NoteIngester ingester = unwatchedIngester();
        Path bad = root.resolve("unwatched").resolve("latin1.md");
        Files.write(bad, new byte[] {'#', ' ', 'x', '\n', (byte) 0xE9, (byte) 0xFF, 'a'});

        try (LogCapture logs = LogCapture.of(NoteIngester.class)) {
            assertEquals(-1, ingester.sync(bad));
            assertTrue(logs.anyContains(bad.toString()), logs.messages().toString());
        }
        assertEquals(0, t.count("SELECT count(*) FROM memories"));
    }

    @Test
    void backupsArtifactLookalikesAndMemoryMdAreNeverIngested() throws IOException {
        NoteIngester ingester = unwatchedIngester();
        for (String name : new String[] {"MEMORY.backup-2026-04-10.md", "MEMORY.bak-x.md", "MEMORY.pre-v1.md",
                "notes--summary.md", "MEMORY.md"}) {
            Files.writeString(root.resolve("unwatched").resolve(name), SECTION);
        }

        assertEquals(0, ingester.syncAll());
        assertFalse(t.count("SELECT count(*) FROM memories") > 0);
    }
}
