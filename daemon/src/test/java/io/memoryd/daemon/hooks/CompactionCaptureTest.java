package io.memoryd.daemon.hooks;

import static io.memoryd.daemon.hooks.CaptureFixtures.CWD;
import static io.memoryd.daemon.hooks.CaptureFixtures.SESSION;
import static io.memoryd.daemon.hooks.CaptureFixtures.artifacts;
import static io.memoryd.daemon.hooks.CaptureFixtures.claude;
import static io.memoryd.daemon.hooks.CaptureFixtures.only;
import static io.memoryd.daemon.hooks.CaptureFixtures.typicalSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactDocument;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction summaries in Claude Code transcripts: each one ends a segment and becomes that segment's
 * compaction artifact, whether a SessionStart(compact) or a session end finds it (docs/format.md §5.7).
 */
class CompactionCaptureTest {

    private static final String SUMMARY_1 = "This session is being continued from a previous conversation that ran out"
            + " of context. The conversation is summarized below:\nAnalysis: the retry test was flaky.";
    private static final String SUMMARY_2 = "This session is being continued from a previous conversation that ran out"
            + " of context. The conversation is summarized below:\nThe changelog was updated.";

    @TempDir
    Path dir;

    private TestWorkspace tw;
    private SessionCapture capture;
    private Path transcript;

    @BeforeEach
    void open() {
        tw = TestWorkspace.open(dir.resolve("home"));
        capture = new SessionCapture(tw.ws, null, tw.clock);
        transcript = dir.resolve(SESSION + ".jsonl");
    }

    @AfterEach
    void close() {
        capture.close();
        tw.close();
    }

    @Test
    void compactionCaptureWritesTheSegmentTheSummaryEndedWithItsCompaction() {
        ClaudeTranscriptFixture session = typicalSession().compaction(SUMMARY_1);
        session.writeTo(transcript);

        CaptureOutcome out = capture.captureCompaction(claude(transcript));

        assertEquals(1, out.segment());
        assertEquals(3, out.writtenPaths().size(), out.writtenPaths().toString());
        ArtifactDocument compaction = only(tw, "compaction", SESSION);
        assertEquals(SUMMARY_1, compaction.body().strip());
        assertEquals(SESSION, compaction.frontMatter().get("session_key"));
        assertEquals("2026-04-30T10:00:19.000Z", compaction.frontMatter().get("ended_at"),
                "a segment cut by a compaction ends at its last line, the summary's");
        String manifestPath = compaction.frontMatter().stringOrNull("manifest_path");
        assertEquals(out.writtenPaths().get(1),
                FrontMatterCodec.parse(tw.read(manifestPath)).frontMatter().get("compaction_path"));
        String text = only(tw, "transcript", SESSION).body();
        assertTrue(text.strip().endsWith("[context compacted]"), text);
        assertFalse(text.contains("ran out of context"), "the summary is the compaction's, not the transcript's");
        String summary = only(tw, "summary", SESSION).body();
        assertFalse(summary.contains("ran out of context"), "the stock preamble is left out");
        assertTrue(summary.strip().endsWith("\n\nCompaction summary: Analysis: the retry test was flaky."), summary);
    }

    @Test
    void afterACompactionCaptureTheEndTakesOnlyWhatFollowedIt() {
        typicalSession().compaction(SUMMARY_1).user("Now the docs, please").assistantText("Docs updated.")
                .writeTo(transcript);
        capture.captureCompaction(claude(transcript));

        CaptureOutcome end = capture.captureEnd(claude(transcript));

        assertEquals(2, end.segment());
        assertEquals("User: Now the docs, please\nAssistant: Docs updated.",
                only(tw, "transcript", SESSION + "#2").body().strip());
        assertEquals(1, artifacts(tw, "compaction").size());
    }

    @Test
    void repeatedCompactionSignalWritesNothing() {
        typicalSession().compaction(SUMMARY_1).writeTo(transcript);
        capture.captureCompaction(claude(transcript));

        CaptureOutcome again = capture.captureCompaction(claude(transcript));

        assertTrue(again.nothingNew());
        assertEquals(1, again.segment());
    }

    @Test
    void compactionSignalWithoutACompactionSummaryWritesNothingAndLeavesTheEndItsWork() {
        typicalSession().writeTo(transcript);

        CaptureOutcome out = capture.captureCompaction(claude(transcript));

        assertEquals(new CaptureOutcome(0, List.of(), true, List.of(), false), out);
        assertEquals(List.of(), artifacts(tw, "transcript"));
        assertEquals(1, capture.captureEnd(claude(transcript)).segment());
    }

    @Test
    void compactionSignalForAMissingTranscriptWritesNothing() {
        CaptureOutcome out = capture.captureCompaction(claude(dir.resolve("gone.jsonl")));
        assertTrue(out.nothingNew());
        assertEquals(List.of(), artifacts(tw, "summary"), "only an end gives a session its summary");
    }

    @Test
    void anEndThatFindsSeveralCompactionsCutsTheTranscriptIntoSegments() {
        typicalSession().compaction(SUMMARY_1).user("Second stretch").assistantText("ok").compaction(SUMMARY_2)
                .user("Third stretch").assistantText("finished").writeTo(transcript);

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertEquals(3, out.segment());
        assertEquals(SUMMARY_1, only(tw, "compaction", SESSION).body().strip());
        assertEquals(SUMMARY_2, only(tw, "compaction", SESSION + "#2").body().strip());
        assertEquals("User: Second stretch\nAssistant: ok\n[context compacted]",
                only(tw, "transcript", SESSION + "#2").body().strip());
        assertEquals("User: Third stretch\nAssistant: finished", only(tw, "transcript", SESSION + "#3").body().strip());
        assertEquals(3, artifacts(tw, "summary").size());
        assertEquals(2, artifacts(tw, "compaction").size());
    }

    @Test
    void compactionRightAtTheStartOfAResumedPartIsItsOwnSegment() {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        new ClaudeTranscriptFixture(SESSION, CWD).compaction(SUMMARY_2).appendTo(transcript);

        CaptureOutcome out = capture.captureCompaction(claude(transcript));

        assertEquals(2, out.segment());
        assertEquals(SUMMARY_2, only(tw, "compaction", SESSION + "#2").body().strip());
        assertEquals("[context compacted]", only(tw, "transcript", SESSION + "#2").body().strip());
    }
}
