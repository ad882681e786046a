package io.memoryd.memory.index;

import static io.memoryd.memory.index.BadArtifactFixture.assertRenderSkips;
import static io.memoryd.memory.index.BadArtifactFixture.badSummaryName;
import static io.memoryd.memory.index.BadArtifactFixture.validBadSummary;
import static io.memoryd.memory.index.BadArtifactFixture.writeGoodSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readable files named like artifacts whose content is not a valid artifact (docs/format.md §4.5): not indexed,
 * logged by path with the broken rule, never deleted, and the render goes on with everything else.
 */
class InvalidArtifactContentTest {

    @TempDir
    Path root;

    private static Path writeBad(TestWorkspace t, String content) throws Exception {
        return Files.writeString(t.memoryDir().resolve(badSummaryName()), content);
    }

    @Test
    @DisplayName("bad input: malformed front matter (no closing ---) is not indexed, logged by path, and kept")
    void skipsArtifactWithUnclosedFrontMatter() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            String valid = validBadSummary("Body.");
            Path bad = writeBad(t, valid.replace("\n---\nBody.\n", "\nBody.\n"));
            assertRenderSkips(t, bad, "kind is missing");
        }
    }

    @Test
    @DisplayName("bad input: front matter of garbage lines is not indexed, logged by path, and kept")
    void skipsArtifactWithGarbageFrontMatter() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, "---\n{{{ not: [yaml\n\u0000\u0001 binary-ish\n  - orphan item\n---\nBody.\n");
            assertRenderSkips(t, bad, "kind is missing");
        }
    }

    @Test
    @DisplayName("bad input: a file without any front matter is not indexed, logged by path, and kept")
    void skipsArtifactWithoutFrontMatter() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, "Just some notes someone saved with an artifact name.\n");
            assertRenderSkips(t, bad, "kind is missing");
        }
    }

    @Test
    @DisplayName("bad input: an empty file named like an artifact is not indexed, logged by path, and kept")
    void skipsEmptyArtifact() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, "");
            assertRenderSkips(t, bad, "kind is missing");
        }
    }

    @Test
    @DisplayName("bad input: missing session_id is not indexed, logged by path with the field, and kept")
    void skipsArtifactWithoutSessionId() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, validBadSummary("Body.").replace("session_id: \"sess-bad\"\n", ""));
            assertRenderSkips(t, bad, "session_id is missing or blank");
        }
    }

    @Test
    @DisplayName("bad input: missing content_sha256 is not indexed, logged by path with the field, and kept")
    void skipsArtifactWithoutChecksum() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            String valid = validBadSummary("Body.");
            Path bad = writeBad(t, valid.replaceAll("content_sha256: \"[0-9a-f]+\"\n", ""));
            assertRenderSkips(t, bad, "content_sha256 is missing or blank");
        }
    }

    @Test
    @DisplayName("bad input: a blank agent_id is not indexed by a global pass, logged by path with the field, and kept")
    void skipsArtifactWithBlankAgentId() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, validBadSummary("Body.").replace("agent_id: \"default\"", "agent_id: \" \u00a0\""));
            // A scoped pass skips it earlier as another agent's file (docs/format.md §4.4 5e); the global pass
            // validates it.
            assertRenderSkips(t, bad, "agent_id is missing or blank", () -> {
                t.ws.reindex(null);
                return t.render("default").content();
            });
        }
    }

    @Test
    @DisplayName("bad input: a non-string captured_at is not indexed, logged by path with the field, and kept")
    void skipsArtifactWithNumericCaptureTime() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, validBadSummary("Body.")
                    .replaceAll("captured_at: \"[^\"]+\"", "captured_at: 1777370400000"));
            assertRenderSkips(t, bad, "captured_at is missing or blank");
        }
    }

    @Test
    @DisplayName("bad input: an artifact that becomes invalid loses its row but its file is not deleted")
    void invalidatedArtifactLosesRowButKeepsFile() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = writeBad(t, validBadSummary("Body."));
            assertTrue(t.render("default").content().contains("sess-bad"));
            String invalid = validBadSummary("Body.").replace("hash_scope: \"body-normalized-v1\"\n", "");
            Files.writeString(bad, invalid);
            assertRenderSkips(t, bad, "hash_scope is missing or blank");
            assertEquals(invalid, Files.readString(bad));
        }
    }
}
