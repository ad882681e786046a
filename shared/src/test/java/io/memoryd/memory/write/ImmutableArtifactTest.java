package io.memoryd.memory.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.ImmutableArtifactException;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Immutable artifacts are written once and never changed (docs/format.md §2.8, §10 cases 6–7). */
class ImmutableArtifactTest {

    private static final String AT = "2026-04-29T10:00:00.000Z";
    private static final String TEXT = "Fixed the retry loop in platform/daemon/src/retry.ts.";

    @TempDir
    Path root;

    private static SessionInput summary(String text) {
        return TestWorkspace.session("default", "sess-1", "/home/u/proj", AT, text);
    }

    private static String expectedMessage(TestWorkspace t, String relativePath, String reason) {
        return ImmutableArtifactException.PREFIX + " " + t.file(relativePath) + " (" + reason + ")";
    }

    @Test
    @DisplayName("§10 case 6: identical summary twice is idempotent (same path, one summary row)")
    void writesIdenticalSummaryTwiceIdempotently() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            String bytes = t.read(first.artifactPath());
            WrittenArtifact second = t.ws.writer().writeSummary(summary(TEXT));
            assertEquals(first, second);
            assertEquals(bytes, t.read(second.artifactPath()));
            assertEquals(1, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'summary'"));
        }
    }

    @Test
    @DisplayName("§2.8: an idempotent retry keeps the existing front matter, including the sentence time")
    void idempotentRetryKeepsExistingFrontMatter() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            String bytes = t.read(first.artifactPath());
            t.clock.advance(Duration.ofHours(3));
            t.ws.writer().writeSummary(summary(TEXT + "  \r\n\r\n"));
            assertEquals(bytes, t.read(first.artifactPath()));
            assertTrue(bytes.contains("memory_sentence_generated_at: \"2026-04-30T12:00:00.000Z\""), bytes);
        }
    }

    @Test
    @DisplayName("§10 case 6: identical summary twice is idempotent; different content is refused (content mismatch)")
    void refusesContentChangeOfExistingSummary() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            t.ws.writer().writeSummary(summary(TEXT));
            String bytes = t.read(first.artifactPath());
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary("Something else entirely.")));
            assertTrue(e.getMessage().startsWith("Refusing to mutate immutable artifact"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(content mismatch)"), e.getMessage());
            assertEquals(expectedMessage(t, first.artifactPath(), "content mismatch"), e.getMessage());
            assertEquals(ImmutableArtifactException.Reason.CONTENT_MISMATCH, e.reason());
            assertEquals(bytes, t.read(first.artifactPath()));
            assertEquals(1, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'summary'"));
            assertEquals(TEXT, t.column("SELECT content FROM memory_artifacts WHERE source_kind = 'summary'").get(0));
        }
    }

    @Test
    @DisplayName("§10 case 7: a tampered body that no longer matches its checksum is refused (checksum mismatch)")
    void refusesRewriteOfTamperedArtifact() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            String tampered = t.read(first.artifactPath()).replace(TEXT, "Tampered text.");
            t.write(first.artifactPath(), tampered);
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary(TEXT)));
            assertEquals(expectedMessage(t, first.artifactPath(), "checksum mismatch"), e.getMessage());
            assertEquals(tampered, t.read(first.artifactPath()));
        }
    }

    @Test
    @DisplayName("§10 case 7 / §2.8: the checksum check runs before the content check")
    void checksumMismatchWinsOverContentMismatch() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            t.write(first.artifactPath(), t.read(first.artifactPath()).replace(TEXT, "Tampered text."));
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary("A third text.")));
            assertEquals(ImmutableArtifactException.Reason.CHECKSUM_MISMATCH, e.reason());
        }
    }

    @Test
    @DisplayName("§2.8: an existing file whose content_sha256 is empty skips the checksum check")
    void emptyDeclaredChecksumSkipsTheChecksumCheck() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            String hash = ArtifactBody.sha256(TEXT);
            t.write(first.artifactPath(), t.read(first.artifactPath())
                    .replace("content_sha256: \"" + hash + "\"", "content_sha256: \"\""));
            assertEquals(first, t.ws.writer().writeSummary(summary(TEXT)));
        }
    }

    @Test
    @DisplayName("§10 case 7: a file with a different agent_id at the path is refused (identity mismatch)")
    void refusesFileOfAnotherAgentAtThePath() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            t.write(first.artifactPath(), t.read(first.artifactPath())
                    .replace("agent_id: \"default\"", "agent_id: \"other-agent\""));
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary(TEXT)));
            assertEquals(expectedMessage(t, first.artifactPath(), "identity mismatch"), e.getMessage());
        }
    }

    @Test
    @DisplayName("§10 case 7: a file with a different kind at the path is refused (identity mismatch)")
    void refusesFileOfAnotherKindAtThePath() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            t.write(first.artifactPath(), t.read(first.artifactPath())
                    .replace("kind: \"summary\"", "kind: \"compaction\""));
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary(TEXT)));
            assertEquals(ImmutableArtifactException.Reason.IDENTITY_MISMATCH, e.reason());
        }
    }

    @Test
    @DisplayName("§10 case 7: a different session_id at the path is refused (identity mismatch); the id is compared untrimmed")
    void refusesFileOfAnotherSessionIdAtThePath() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            // "  sess-1  " has the same token (the id is trimmed for it) but is another session_id.
            SessionInput padded = new SessionInput(AgentId.DEFAULT, "  sess-1  ", "sess-1", "/home/u/proj", "codex",
                    AT, null, AT, TEXT);
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(padded));
            assertEquals(expectedMessage(t, first.artifactPath(), "identity mismatch"), e.getMessage());
        }
    }

    @Test
    @DisplayName("§2.8: a different hash_scope at the path is refused (identity mismatch)")
    void refusesFileWithAnotherHashScope() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            t.write(first.artifactPath(), t.read(first.artifactPath())
                    .replace("hash_scope: \"body-normalized-v1\"", "hash_scope: \"raw\""));
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary(TEXT)));
            assertEquals(ImmutableArtifactException.Reason.IDENTITY_MISMATCH, e.reason());
        }
    }

    @Test
    @DisplayName("§2.8: the identity check runs first (tampered body of another agent → identity mismatch)")
    void identityMismatchWinsOverChecksumMismatch() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            t.write(first.artifactPath(), t.read(first.artifactPath()).replace(TEXT, "Tampered.")
                    .replace("agent_id: \"default\"", "agent_id: \"other-agent\""));
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeSummary(summary(TEXT)));
            assertEquals(ImmutableArtifactException.Reason.IDENTITY_MISMATCH, e.reason());
        }
    }

    @Test
    @DisplayName("§2.8: project, key, harness and times are not compared (a retry with other context succeeds)")
    void doesNotCompareProjectKeyHarnessOrTimes() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeSummary(summary(TEXT));
            String bytes = t.read(first.artifactPath());
            SessionInput other = new SessionInput(AgentId.DEFAULT, "sess-1", "another-key", "/elsewhere", "claude",
                    "2026-04-29T11:00:00.000Z", "2026-04-29T09:00:00.000Z", "2026-04-29T11:00:00.000Z", TEXT);
            assertEquals(first, t.ws.writer().writeSummary(other));
            assertEquals(bytes, t.read(first.artifactPath()));
            assertEquals("/home/u/proj", FrontMatterCodec.parse(bytes).frontMatter().get("project"));
        }
    }

    @Test
    @DisplayName("§5.5: a second, different compaction for the same session is refused (content mismatch)")
    void refusesSecondDifferentCompaction() {
        try (TestWorkspace t = TestWorkspace.open(root, MutableClock.at("2026-04-30T12:00:00.000Z"))) {
            t.ws.writer().writeCompaction(summary("First compaction of the session."));
            ImmutableArtifactException e = assertThrows(ImmutableArtifactException.class,
                    () -> t.ws.writer().writeCompaction(summary("Second compaction of the session.")));
            assertEquals(ImmutableArtifactException.Reason.CONTENT_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("--compaction.md"), e.getMessage());
        }
    }
}
