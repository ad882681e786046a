package io.memoryd.memory.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session manifests: creation, session identity and the compaction rewrite (docs/format.md §2.9, §5, §10 cases
 * 3, 8–10).
 */
class ManifestLifecycleTest {

    private static final String AT = "2026-04-29T10:00:00.000Z";
    private static final String LATER = "2026-04-29T18:30:00.000Z";

    @TempDir
    Path root;

    private static SessionInput input(String sessionId, String sessionKey, String harness, String capturedAt, String text) {
        return new SessionInput(AgentId.DEFAULT, sessionId, sessionKey, "/home/u/proj", harness, capturedAt, null,
                capturedAt, text);
    }

    private static FrontMatter frontMatter(TestWorkspace t, String relativePath) {
        return FrontMatterCodec.parse(t.read(relativePath)).frontMatter();
    }

    @Test
    @DisplayName("§10 case 8: the first write creates the manifest with revision 1, empty refs, summary_path pre-filled")
    void firstWriteCreatesManifest() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact w = t.ws.writer().writeSummary(input("sess-1", "sess-1", "codex", AT, "Did work."));
            String prefix = "memory/2026-04-29T10-00-00.000Z--" + SessionToken.of("default", "sess-1") + "--";
            assertEquals(prefix + "manifest.md", w.manifestPath());
            FrontMatter fm = frontMatter(t, w.manifestPath());
            assertEquals("manifest", fm.get("kind"));
            assertEquals(1L, fm.get("revision"));
            assertEquals(List.of(), fm.get("memory_md_refs"));
            assertEquals(prefix + "summary.md", fm.get("summary_path"));
            assertEquals(null, fm.get("compaction_path"));
            assertEquals(AT, fm.get("updated_at"));
            assertEquals(ArtifactBody.EMPTY_SHA256, fm.get("content_sha256"));
            assertTrue(t.read(w.manifestPath()).endsWith("hash_scope: \"body-normalized-v1\"\n---\n"));
        }
    }

    @Test
    @DisplayName("§10 case 8: with a harness, transcript_path is the harness's canonical JSONL path")
    void manifestPointsTranscriptAtJsonlWhenHarnessGiven() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact w = t.ws.writer().writeSummary(input("sess-1", "sess-1", " Claude Code ", AT, "Did work."));
            assertEquals("memory/claude-code/transcripts/transcript.jsonl",
                    frontMatter(t, w.manifestPath()).get("transcript_path"));
        }
    }

    @Test
    @DisplayName("§2.9: without a harness, transcript_path is the session's own transcript file")
    void manifestPointsTranscriptAtArtifactWithoutHarness() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact w = t.ws.writer().writeSummary(input("sess-1", "sess-1", null, AT, "Did work."));
            assertEquals("memory/2026-04-29T10-00-00.000Z--" + SessionToken.of("default", "sess-1")
                    + "--transcript.md", frontMatter(t, w.manifestPath()).get("transcript_path"));
        }
    }

    @Test
    @DisplayName("§10 case 8: the manifest has a DB row of kind manifest")
    void manifestHasAManifestRow() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact w = t.ws.writer().writeSummary(input("sess-1", "sess-1", "codex", AT, "Did work."));
            assertEquals(List.of("manifest"),
                    t.column("SELECT source_kind FROM memory_artifacts WHERE source_path = ?", w.manifestPath()));
            assertEquals(List.of(SessionToken.of("default", "sess-1")),
                    t.column("SELECT session_token FROM memory_artifacts WHERE source_path = ?", w.manifestPath()));
        }
    }

    @Test
    @DisplayName("§10 case 3: different session ids with the same session key give different tokens and manifests")
    void sameKeyDifferentSessionIdsAreDifferentSessions() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact a = t.ws.writer().writeSummary(input("sess-a", "shared-key", "codex", AT, "First."));
            WrittenArtifact b = t.ws.writer().writeSummary(input("sess-b", "shared-key", "codex", AT, "Second."));
            assertNotEquals(SessionToken.of("default", "sess-a"), SessionToken.of("default", "sess-b"));
            assertNotEquals(a.manifestPath(), b.manifestPath());
            assertNotEquals(a.artifactPath(), b.artifactPath());
            assertEquals("shared-key", frontMatter(t, b.manifestPath()).get("session_key"));
        }
    }

    @Test
    @DisplayName("§10 case 9: ensure with the same session id and a later capturedAt returns the existing manifest")
    void ensureReturnsExistingManifestForLaterCapture() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            LoadedManifest first = t.ws.manifests().ensure(input("sess-1", "sess-1", "codex", AT, ""));
            String bytes = t.read(first.relativePath());
            LoadedManifest again = t.ws.manifests().ensure(input("sess-1", "sess-1", "codex", LATER, ""));
            assertEquals(first.relativePath(), again.relativePath());
            assertEquals(bytes, t.read(first.relativePath()));
            assertEquals(1, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'manifest'"));
        }
    }

    @Test
    @DisplayName("§2.7 / §10 case 9: a later write of the session is named and dated by the manifest's captured_at")
    void laterArtifactUsesTheManifestsCaptureTime() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.ws.manifests().ensure(input("sess-1", "sess-1", "codex", AT, ""));
            WrittenArtifact w = t.ws.writer().writeSummary(input("sess-1", "sess-1", "codex", LATER, "Later work."));
            assertTrue(w.artifactPath().startsWith("memory/2026-04-29T10-00-00.000Z--"), w.artifactPath());
            FrontMatter fm = frontMatter(t, w.artifactPath());
            assertEquals(AT, fm.get("captured_at"));
            assertEquals(LATER, fm.get("ended_at"));
        }
    }

    @Test
    @DisplayName("§10 case 9: a different session id with the same key creates a second manifest (2 manifest rows)")
    void differentSessionIdSameKeyCreatesSecondManifest() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            LoadedManifest a = t.ws.manifests().ensure(input("sess-1", "key-1", "codex", AT, ""));
            LoadedManifest b = t.ws.manifests().ensure(input("sess-2", "key-1", "codex", AT, ""));
            assertNotEquals(a.relativePath(), b.relativePath());
            assertEquals(2, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'manifest'"));
        }
    }

    @Test
    @DisplayName("§5.1: a manifest file already at the path is loaded and returned without touching the DB")
    void existingManifestFileWithoutRowIsReused() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            LoadedManifest first = t.ws.manifests().ensure(input("sess-1", "sess-1", "codex", AT, ""));
            String bytes = t.read(first.relativePath());
            t.execute("DELETE FROM memory_artifacts");
            LoadedManifest again = t.ws.manifests().ensure(input("sess-1", "sess-1", "codex", AT, ""));
            assertEquals(first.relativePath(), again.relativePath());
            assertEquals(bytes, t.read(first.relativePath()));
            assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts"));
        }
    }

    @Test
    @DisplayName("§10 case 10: a compaction after a transcript leaves the transcript byte-identical")
    void compactionLeavesTranscriptByteIdentical() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact transcript = t.ws.writer().writeTranscript(input("sess-1", "sess-1", "codex", AT,
                    "user: hi\nassistant: hello\n"));
            String bytes = t.read(transcript.artifactPath());
            t.ws.writer().writeCompaction(input("sess-1", "sess-1", "codex", AT, "Compacted the conversation."));
            assertEquals(bytes, t.read(transcript.artifactPath()));
        }
    }

    @Test
    @DisplayName("§10 case 10: the compaction rewrites the manifest with compaction_path, kind manifest, revision 2")
    void compactionRewritesManifestAtRevisionTwo() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            String before = t.read(t.ws.writer().writeTranscript(input("sess-1", "sess-1", "codex", AT, "user: hi\n"))
                    .manifestPath());
            t.clock.advance(Duration.ofMinutes(5));
            SessionInput compaction = new SessionInput(AgentId.DEFAULT, "sess-1", "sess-1", "/home/u/proj", "codex",
                    AT, null, LATER, "Compacted the conversation.");
            WrittenArtifact w = t.ws.writer().writeCompaction(compaction);
            assertTrue(w.artifactPath().startsWith("memory/") && w.artifactPath().endsWith("--compaction.md"));
            FrontMatter fm = frontMatter(t, w.manifestPath());
            assertEquals("manifest", fm.get("kind"));
            assertEquals(2L, fm.get("revision"));
            assertEquals(w.artifactPath(), fm.get("compaction_path"));
            assertEquals(LATER, fm.get("ended_at"));
            assertEquals("2026-04-30T12:05:00.000Z", fm.get("updated_at"));
            assertEquals(List.copyOf(FrontMatterCodec.parse(before).frontMatter().entries().keySet()),
                    List.copyOf(fm.entries().keySet()), "key order is kept");
            assertTrue(t.read(w.manifestPath()).contains("\ncompaction_path: \"" + w.artifactPath() + "\"\n"));
        }
    }

    @Test
    @DisplayName("§5.5: the manifest row follows the compaction rewrite")
    void compactionUpdatesTheManifestRow() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.clock.advance(Duration.ofMinutes(5));
            WrittenArtifact w = t.ws.writer().writeCompaction(input("sess-1", "sess-1", "codex", AT, "Compacted."));
            assertEquals(List.of("2026-04-30T12:05:00.000Z"),
                    t.column("SELECT updated_at FROM memory_artifacts WHERE source_path = ?", w.manifestPath()));
            assertEquals(List.of("compaction"),
                    t.column("SELECT source_kind FROM memory_artifacts WHERE source_path = ?", w.artifactPath()));
        }
    }
}
