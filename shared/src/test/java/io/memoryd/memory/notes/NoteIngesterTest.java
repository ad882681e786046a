package io.memoryd.memory.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A note's rows are the chunks of exactly that note: syncing one file never touches the chunks of a note
 * whose name merely starts with the same text (ids are {@code note:<stem>:<hash>}).
 */
class NoteIngesterTest {

    private static final String SECTION = "## Deploy rules\n\nNever deploy the daemon on a Friday afternoon; the"
            + " renderer pool needs a quiet hour to warm its caches after a release.\n";

    @TempDir
    Path root;
    TestWorkspace t;
    NoteIngester ingester;

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root);
        ingester = new NoteIngester(t.memoryDir(), t.ws.database(), new ArtifactFileReader(1 << 20), t.clock);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private int live(String contentLike) {
        return t.count("SELECT count(*) FROM memories WHERE source_type = ? AND is_deleted = 0 AND content LIKE ?",
                NoteIngester.SOURCE_TYPE, contentLike);
    }

    private Path note(String name, String text) throws IOException {
        return Files.writeString(t.memoryDir().resolve(name), text);
    }

    @Test
    void syncingANoteLeavesTheChunksOfANoteWhoseStemStartsWithItsStem() throws IOException {
        Path ab = note("a:b.md", SECTION.replace("Friday", "Sunday"));
        Path a = note("a.md", SECTION);

        ingester.sync(ab);
        ingester.sync(a);
        note("a.md", SECTION.replace("Friday", "Monday"));
        ingester.sync(a);

        assertEquals(1, live("%Sunday%"), "a.md (note:a:…) took the chunk note:a:b:… of a:b.md for one of its own");
        assertEquals(1, live("%Monday%"));
        assertEquals(0, live("%Friday%"));
    }

    @Test
    void editingANoteWhoseNameIsOutsideTheBmpReplacesItsChunks() throws IOException {
        Path rocket = note("deploy-\uD83D\uDE80.md", SECTION);
        ingester.sync(rocket);

        note("deploy-\uD83D\uDE80.md", SECTION.replace("Friday", "Monday"));
        ingester.sync(rocket);

        assertEquals(0, live("%Friday%"));
        assertEquals(1, live("%Monday%"));
    }

    @Test
    void syncAllSoftDeletesTheChunksOfAGoneNoteOnly() throws IOException {
        note("a:b.md", SECTION.replace("Friday", "Sunday"));
        Path a = note("a.md", SECTION);
        ingester.syncAll();

        Files.delete(a);
        ingester.syncAll();

        assertEquals(1, live("%Sunday%"));
        assertEquals(0, live("%Friday%"));
    }
}
