package io.memoryd.memory.write;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.projection.ManifestRefSync;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifest rewrites (ledger ref sync, compaction) take their paths from the database and from front
 * matter; a path outside {@code memory/} or a symbolic link is refused with a warning naming it, and the
 * file it points at is never written.
 */
class ManifestPathRefusalTest {

    private static final String AT = "2026-04-29T10:00:00.000Z";

    @TempDir
    Path dir;
    TestWorkspace t;
    /** A file outside the workspace that a tampered path points at. */
    Path victim;

    @BeforeEach
    void open() {
        t = TestWorkspace.open(dir.resolve("ws"));
        victim = dir.resolve("victim--manifest.md");
    }

    @AfterEach
    void close() {
        t.close();
    }

    private WrittenArtifact summary(String sessionId) {
        return t.ws.writer().writeSummary(session("default", sessionId, "/home/u/proj", AT, "Body of " + sessionId));
    }

    /** Copies the manifest of {@code w} to the victim's place and returns its text. */
    private String victimCopyOf(WrittenArtifact w) throws IOException {
        String text = t.read(w.manifestPath());
        Files.writeString(victim, text);
        return text;
    }

    @Test
    void ledgerRefSync_skipsAManifestPathFromFrontMatterThatLeavesMemory() throws IOException {
        WrittenArtifact w = summary("s1");
        t.render("default");
        String before = victimCopyOf(w);
        assertTrue(before.contains("This session currently appears in the working memory ledger."), before);
        t.write(w.artifactPath(), t.read(w.artifactPath()).replace("manifest_path: \"" + w.manifestPath() + "\"",
                "manifest_path: \"memory/../../victim--manifest.md\""));

        try (LogCapture logs = LogCapture.of(ManifestRefSync.class)) {
            String content = t.render("default").content();

            assertTrue(content.contains("session=s1"), content);
            assertEquals(before, Files.readString(victim));
            assertTrue(logs.anyContains("WARN Skipping manifest " + victim), logs.messages().toString());
        }
    }

    @Test
    void ledgerRefSync_skipsAManifestThatIsASymbolicLink() throws IOException {
        WrittenArtifact w = summary("s1");
        t.render("default");
        String before = victimCopyOf(w);
        Path manifest = t.file(w.manifestPath());
        Files.delete(manifest);
        Files.createSymbolicLink(manifest, victim);
        ManifestRefSync sync = new ManifestRefSync(t.ws.layout(), t.ws.database(), t.ws.manifests(),
                new ScopeLocks(t.ws.layout().lockDir()), t.clock);

        try (LogCapture logs = LogCapture.of(ManifestRefSync.class)) {
            int rewritten = sync.sync("default", Set.of(), Optional.empty(), Set.of());

            assertTrue(Files.isSymbolicLink(manifest));
            assertEquals(before, Files.readString(victim));
            assertEquals(0, rewritten);
            assertTrue(logs.anyContains(manifest + " in the ledger reference sync of agent default: it is a symbolic"
                    + " link"), logs.messages().toString());
        }
    }

    @Test
    void compaction_ignoresAnIndexedManifestOutsideMemory_andUsesTheSessionsOwnManifest() throws IOException {
        WrittenArtifact w = summary("s1");
        String before = victimCopyOf(w);
        t.execute("UPDATE memory_artifacts SET source_path = '../victim--manifest.md' WHERE source_kind = 'manifest'");

        try (LogCapture logs = LogCapture.of(ManifestStore.class)) {
            WrittenArtifact c = t.ws.writer().writeCompaction(session("default", "s1", "/home/u/proj", AT,
                    "Compacted."));

            assertEquals(before, Files.readString(victim));
            assertEquals(w.manifestPath(), c.manifestPath());
            assertTrue(t.read(w.manifestPath()).contains("compaction_path: \"" + c.artifactPath() + "\""));
            assertTrue(logs.anyContains("Ignoring the indexed manifest " + victim), logs.messages().toString());
        }
    }

    @Test
    void compaction_refusesASessionManifestThatIsASymbolicLink_beforeWritingAnything() throws IOException {
        WrittenArtifact w = summary("s1");
        String before = victimCopyOf(w);
        Path manifest = t.file(w.manifestPath());
        Files.delete(manifest);
        Files.createSymbolicLink(manifest, victim);

        try (LogCapture logs = LogCapture.of(ManifestStore.class)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.ws.writer().writeCompaction(
                    session("default", "s1", "/home/u/proj", AT, "Compacted.")));

            assertEquals("Refusing manifest " + manifest + ": it is a symbolic link", e.getMessage());
            assertTrue(logs.anyContains("WARN Refusing manifest " + manifest), logs.messages().toString());
        }
        assertEquals(before, Files.readString(victim));
        try (Stream<Path> files = Files.list(t.memoryDir())) {
            assertEquals(0, files.filter(f -> f.toString().endsWith("--compaction.md")).count());
        }
    }

    @Test
    void update_refusesAPathOutsideMemory() throws IOException {
        WrittenArtifact w = summary("s1");
        String before = victimCopyOf(w);

        RuntimeException e = assertThrows(RuntimeException.class, () -> t.ws.manifests().update(
                io.memoryd.memory.workspace.AgentId.DEFAULT, victim, fm -> fm));

        assertEquals(before, Files.readString(victim));
        assertEquals("Refusing manifest " + victim + ": it is not directly inside " + t.memoryDir(), e.getMessage());
    }
}
