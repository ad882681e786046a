package io.memoryd.memory.watch;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.index.ReindexResult;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched workspace indexes only what changed, and every render equals a from-scratch render of the
 * same files, whatever happened to them in between (issue 5, "Proof").
 */
class WatchedIndexTest {

    @TempDir
    Path root;
    TestWorkspace t;
    /** Another process writing into the same workspace: no watcher, its own caches. */
    TestWorkspace other;

    @BeforeEach
    void open() {
        MutableClock clock = MutableClock.at("2026-04-30T12:00:00.000Z");
        t = TestWorkspace.open(root, clock, WatchOptions.watching(false));
        other = TestWorkspace.open(root, clock);
        for (int i = 0; i < 12; i++) {
            write("s" + i, "2026-04-2" + (i % 9) + "T10:00:00.000Z");
        }
    }

    @AfterEach
    void close() {
        other.close();
        t.close();
    }

    private WrittenArtifact write(String sessionId, String at) {
        return other.ws.writer().writeSummary(session("default", sessionId, "/home/u/proj",
                at, "Worked on " + sessionId + ": the renderer pool and the watcher."));
    }

    /** A render of the same workspace by a process that starts cold, as a restart would. */
    private String fromScratch() {
        WorkspaceOptions options = new WorkspaceOptions(root, t.clock, ZoneOffset.UTC, false,
                io.memoryd.memory.artifact.ArtifactFileReader.DEFAULT_MAX_BYTES, null, true);
        try (MemoryWorkspace fresh = MemoryWorkspace.open(options)) {
            return fresh.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS).content();
        }
    }

    @Test
    void warmPassWithNothingChangedExaminesNoFile() {
        t.ws.reindex(AgentId.DEFAULT);
        // A first pass is full and skips the watcher barrier, so the set-up writes' events may still arrive
        // after it; the second pass waits for the watcher and takes them. Only then is nothing changed.
        t.ws.reindex(AgentId.DEFAULT);

        ReindexResult warm = t.ws.reindex(AgentId.DEFAULT);

        assertTrue(warm.listed() >= 24, "every artifact still counts as listed: " + warm.listed());
        assertEquals(0, warm.examined());
        assertEquals(0, warm.read());
    }

    @Test
    void passAfterTwoWritesExaminesAboutThoseFiles() {
        t.ws.reindex(AgentId.DEFAULT);
        write("new-1", "2026-04-30T09:00:00.000Z");
        write("new-2", "2026-04-30T09:30:00.000Z");

        ReindexResult pass = t.ws.reindex(AgentId.DEFAULT);

        // Each session is a summary and its manifest; a manifest may be rewritten once more.
        assertTrue(pass.examined() >= 4 && pass.examined() <= 8, "examined " + pass.examined());
        assertEquals(4, pass.upserted());
    }

    @Test
    void rendersEqualFromScratchAfterCreateModifyRenameAndDelete() throws IOException {
        t.render("default");
        write("created", "2026-04-30T08:00:00.000Z");
        Path edited = root.resolve(write("edited", "2026-04-30T08:10:00.000Z").artifactPath());
        Files.writeString(edited, Files.readString(edited).replace("the watcher", "an edited watcher"));
        Path renamed = root.resolve(write("renamed", "2026-04-30T08:20:00.000Z").artifactPath());
        Path aside = root.resolve("aside.tmp");
        Files.move(renamed, aside);
        Files.writeString(aside, Files.readString(aside).replace("the renderer pool", "a renamed pool"));
        Files.move(aside, renamed, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(root.resolve(write("deleted", "2026-04-30T08:30:00.000Z").artifactPath()));

        String watched = t.render("default").content();

        assertEquals(fromScratch(), watched);
    }

    @Test
    void rendersEqualFromScratchAfterABurstThatOverflowsTheQueue() throws IOException {
        t.render("default");
        Path template = root.resolve(write("template", "2026-04-30T07:00:00.000Z").artifactPath());
        String text = Files.readString(template);
        String token = template.getFileName().toString().split("--")[1];
        for (int i = 0; i < 3000; i++) {
            String copyToken = String.format("%16s", Integer.toString(i, 32)).replace(' ', 'a')
                    .replaceAll("[01890]", "b");
            Files.writeString(template.resolveSibling(template.getFileName().toString().replace(token, copyToken)
                    .replace("T07", "T06")), text.replace(token, copyToken));
        }

        assertEquals(fromScratch(), t.render("default").content());
    }

    /**
     * inotify follows the directory's inode through the renames, so this checks that no change is lost
     * across them; deletion and re-creation of memory/ (the watch really lost) is
     * MemoryDirectoryWatcherTest's case, as the database lives in memory/.
     */
    @Test
    void rendersEqualFromScratchAfterMemoryIsRenamedAwayAndBack() throws IOException {
        t.render("default");
        Path memory = root.resolve("memory");
        Path away = root.resolve("memory-away");
        Files.move(memory, away);
        Files.move(away, memory);
        write("after-move", "2026-04-30T11:00:00.000Z");

        assertEquals(fromScratch(), t.render("default").content());
    }
}
