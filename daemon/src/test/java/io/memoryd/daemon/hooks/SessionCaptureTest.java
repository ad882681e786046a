package io.memoryd.daemon.hooks;

import static io.memoryd.daemon.hooks.CaptureFixtures.CWD;
import static io.memoryd.daemon.hooks.CaptureFixtures.SESSION;
import static io.memoryd.daemon.hooks.CaptureFixtures.artifact;
import static io.memoryd.daemon.hooks.CaptureFixtures.artifacts;
import static io.memoryd.daemon.hooks.CaptureFixtures.claude;
import static io.memoryd.daemon.hooks.CaptureFixtures.only;
import static io.memoryd.daemon.hooks.CaptureFixtures.typicalSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactDocument;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session ends and resumes of Claude Code sessions, captured into a real workspace (docs/format.md §5.7). */
class SessionCaptureTest {

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
    void sessionEndWritesATranscriptAndASummaryWithTheSessionsFrontMatter() {
        typicalSession().writeTo(transcript);

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertEquals(1, out.segment());
        assertFalse(out.nothingNew());
        assertEquals(List.of(), out.skipped());
        assertEquals(List.of(artifacts(tw, "transcript").get(0), artifacts(tw, "summary").get(0)), out.writtenPaths());
        for (String kind : List.of("transcript", "summary")) {
            FrontMatter fm = only(tw, kind, SESSION).frontMatter();
            assertEquals(kind, fm.get("kind"));
            assertEquals("default", fm.get("agent_id"));
            assertEquals(SESSION, fm.get("session_id"));
            assertEquals(SESSION, fm.get("session_key"));
            assertEquals(CWD, fm.get("project"));
            assertEquals("claude-code", fm.get("harness"));
            assertEquals("2026-04-30T12:00:00.000Z", fm.get("captured_at"));
            assertEquals("2026-04-30T10:00:00.000Z", fm.get("started_at"));
            assertEquals("2026-04-30T12:00:00.000Z", fm.get("ended_at"));
        }
        String body = only(tw, "transcript", SESSION).body();
        assertTrue(body.startsWith("User: Fix the flaky retry test in src/retry/RetryTest.java\n"
                + "Assistant: I'll look at the test first.\n"
                + "Tool: Read(/home/u/proj/src/retry/RetryTest.java)\n"
                + "Tool: Task(Find clock usages)\n"
                + "Tool: Edit(/home/u/proj/src/retry/RetryTest.java)\n"
                + "Tool: Bash(mvn -q test -Dtest=RetryTest)\n"), body);
        assertFalse(body.contains("fake clock would fix"), "thinking is left out");
        assertFalse(body.contains("Subagent"), "sidechains are left out");
        assertFalse(body.contains("Tests run: 12"), "tool output is left out");
        String summary = only(tw, "summary", SESSION).body();
        assertTrue(summary.startsWith(
                "Session summary (extractive): harness claude-code, project /home/u/proj, segment 1."), summary);
        assertTrue(summary.contains("First request: Fix the flaky retry test"), summary);
        assertTrue(summary.contains("Final answer: Fixed the flaky retry test with a fake clock"), summary);
    }

    @Test
    void resumedSessionBecomesSegmentTwoWithOnlyTheNewPart() {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        new ClaudeTranscriptFixture(SESSION, CWD).user("One more thing: bump the version")
                .tool("Edit", ClaudeTranscriptFixture.input("file_path", "/home/u/proj/pom.xml"), "ok", false)
                .assistantText("Bumped to 1.2.0.").appendTo(transcript);

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertEquals(2, out.segment());
        assertEquals(2, out.writtenPaths().size());
        ArtifactDocument t2 = only(tw, "transcript", SESSION + "#2");
        assertEquals(SESSION, t2.frontMatter().get("session_key"));
        assertEquals("User: One more thing: bump the version\nTool: Edit(/home/u/proj/pom.xml)\n"
                + "Assistant: Bumped to 1.2.0.", t2.body().strip());
        String summary = only(tw, "summary", SESSION + "#2").body();
        assertTrue(summary.contains("segment 2."), summary);
        assertTrue(summary.contains("First request: One more thing: bump the version"), summary);
        assertFalse(summary.contains("flaky"), summary);
        assertTrue(only(tw, "transcript", SESSION).body().contains("flaky"), "segment 1 is unchanged");
    }

    @Test
    void retriedEndWithNothingNewWritesNothing() {
        typicalSession().writeTo(transcript);
        CaptureOutcome first = capture.captureEnd(claude(transcript));

        CaptureOutcome again = capture.captureEnd(claude(transcript));

        assertEquals(new CaptureOutcome(first.segment(), List.of(), true, List.of(), false), again);
        assertEquals(1, artifacts(tw, "transcript").size());
        assertEquals(1, artifacts(tw, "summary").size());
    }

    @Test
    void newLinesWithoutConversationAreNotASegment() {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        new ClaudeTranscriptFixture(SESSION, CWD).fileHistorySnapshot().thinking("hmm").appendTo(transcript);

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertTrue(out.nothingNew());
        assertEquals(1, artifacts(tw, "summary").size());
    }

    @Test
    void replacedTranscriptIsCapturedAgainFromTheStartAsANewSegment() {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        new ClaudeTranscriptFixture(SESSION, CWD).user("A different conversation").writeTo(transcript);

        CaptureOutcome shrunk = capture.captureEnd(claude(transcript));

        assertEquals(2, shrunk.segment());
        assertEquals("User: A different conversation", only(tw, "transcript", SESSION + "#2").body().strip());

        // Longer than before but with another first line: replaced too.
        ClaudeTranscriptFixture other = new ClaudeTranscriptFixture(SESSION, CWD).user("Third version");
        for (int i = 0; i < 50; i++) {
            other.assistantText("line " + i);
        }
        other.writeTo(transcript);
        CaptureOutcome replaced = capture.captureEnd(claude(transcript));
        assertEquals(3, replaced.segment());
        assertTrue(only(tw, "transcript", SESSION + "#3").body().startsWith("User: Third version\n"));
    }

    @Test
    void malformedAndNonUtf8LinesAreSkippedAndLoggedOnce() {
        typicalSession().raw("{\"type\":\"user\",\"message\":{\"content\":\"cut off")
                .rawBytes(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})
                .user("Still here after the bad lines").writeTo(transcript);

        CaptureOutcome out;
        try (LogLines logs = new LogLines(SessionCapture.class)) {
            out = capture.captureEnd(claude(transcript));
            assertEquals(1, logs.warnings().size(), logs.lines().toString());
            String warning = logs.warnings().get(0);
            assertTrue(warning.contains("1 × line that is not a JSON object")
                    && warning.contains("1 × line not valid UTF-8") && warning.contains(transcript.toString()),
                    warning);
        }
        assertEquals(List.of("1 × line that is not a JSON object", "1 × line not valid UTF-8"), out.skipped());
        String body = only(tw, "transcript", SESSION).body();
        assertTrue(body.endsWith("User: Still here after the bad lines\n"), body);
    }

    @Test
    void unterminatedMalformedLastLineIsLeftForTheNextCapture() throws Exception {
        typicalSession().writeTo(transcript);
        byte[] half = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"Half wri".getBytes();
        Files.write(transcript, half, java.nio.file.StandardOpenOption.APPEND);

        CaptureOutcome first = capture.captureEnd(claude(transcript));
        assertEquals(List.of(), first.skipped(), "a line still being written is not a skipped line");
        Files.write(transcript, "tten\"},\"timestamp\":\"2026-04-30T11:00:00Z\"}\n".getBytes(),
                java.nio.file.StandardOpenOption.APPEND);

        CaptureOutcome second = capture.captureEnd(claude(transcript));
        assertEquals(2, second.segment());
        assertEquals("User: Half written", only(tw, "transcript", SESSION + "#2").body().strip());
    }

    @Test
    void missingTranscriptStillGivesTheSessionASummarySayingWhy() {
        Path missing = dir.resolve("nowhere.jsonl");
        CaptureOutcome out;
        try (LogLines logs = new LogLines(SessionCapture.class)) {
            out = capture.captureEnd(claude(missing));
            assertEquals(1, logs.warnings().size());
        }
        assertEquals(List.of("transcript " + missing + " is missing"), out.skipped());
        assertEquals(1, out.writtenPaths().size());
        assertEquals(List.of(), artifacts(tw, "transcript"));
        String summary = only(tw, "summary", SESSION).body();
        assertTrue(summary.contains("No transcript was readable for this session:\n- transcript " + missing
                + " is missing"), summary);

        assertTrue(capture.captureEnd(claude(missing)).nothingNew(), "a retry writes nothing");
        typicalSession().writeTo(missing);
        CaptureOutcome later = capture.captureEnd(claude(missing));
        assertEquals(2, later.segment(), "a transcript that appears later becomes the next segment");
    }

    @Test
    void symbolicLinkToATranscriptIsNotFollowed() throws Exception {
        Path target = typicalSession().writeTo(dir.resolve("real.jsonl"));
        Files.createSymbolicLink(transcript, target);

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertEquals(List.of("transcript " + transcript + " is a symbolic link"), out.skipped());
        assertEquals(List.of(), artifacts(tw, "transcript"));
        assertFalse(only(tw, "summary", SESSION).body().contains("flaky"));
    }

    @Test
    void directoryIsNotATranscript() throws Exception {
        Files.createDirectory(transcript);
        CaptureOutcome out = capture.captureEnd(claude(transcript));
        assertEquals(List.of("transcript " + transcript + " is not a regular file"), out.skipped());
        assertEquals(1, artifacts(tw, "summary").size());
    }

    @Test
    void unreadableTranscriptGivesASummarySayingSo() throws Exception {
        typicalSession().writeTo(transcript);
        Files.setPosixFilePermissions(transcript, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(transcript), "root reads any file");
        CaptureOutcome out = capture.captureEnd(claude(transcript));
        assertTrue(out.skipped().get(0).contains("cannot be read"), out.skipped().toString());
    }

    @Test
    void transcriptWithoutConversationGetsASummaryOnItsFirstEnd() {
        new ClaudeTranscriptFixture(SESSION, CWD).fileHistorySnapshot().thinking("only thoughts").writeTo(transcript);

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertEquals(1, out.segment());
        assertTrue(only(tw, "summary", SESSION).body().contains("the transcript holds no conversation"));
        assertTrue(capture.captureEnd(claude(transcript)).nothingNew());
    }

    @Test
    void genericTranscriptTextIsCapturedAsPlainTextAndResumesBySegment() {
        CaptureRequest first = new CaptureRequest(new AgentId("alice"), "aider", "g-1", "/w",
                null, "User: rename the module\nAssistant: Renamed it.\n");
        assertEquals(1, capture.captureEnd(first).segment());
        ArtifactDocument t = only(tw, "transcript", "g-1");
        assertEquals("User: rename the module\nAssistant: Renamed it.", t.body().strip());
        assertEquals("aider", t.frontMatter().get("harness"));
        assertEquals("alice", t.frontMatter().get("agent_id"));
        assertTrue(only(tw, "summary", "g-1").body().contains("Final answer: Renamed it."));

        CaptureRequest resumed = new CaptureRequest(new AgentId("alice"), "aider", "g-1", "/w", null,
                "User: rename the module\nAssistant: Renamed it.\nUser: and the tests\n");
        CaptureOutcome out = capture.captureEnd(resumed);
        assertEquals(2, out.segment());
        assertEquals("User: and the tests", only(tw, "transcript", "g-1#2").body().strip());
    }

    @Test
    void genericTranscriptPathIsReadAsPlainText() throws Exception {
        Path text = Files.writeString(dir.resolve("session.txt"), "{\"looks\":\"like json\"}\nplain line\n");
        capture.captureEnd(new CaptureRequest(AgentId.DEFAULT, "generic", "g-2", null, text, null));
        assertEquals("{\"looks\":\"like json\"}\nplain line", only(tw, "transcript", "g-2").body().strip());
    }

    @Test
    void captureStateIsAPrivateFilePerSession() throws Exception {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        Path sessions = tw.root.resolve(".memoryd/hooks/sessions");
        List<Path> files;
        try (var s = Files.list(sessions)) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        assertEquals(PrivateFiles.FILE_MODE, Files.getPosixFilePermissions(files.get(0)));
        assertEquals(PrivateFiles.DIRECTORY_MODE, Files.getPosixFilePermissions(sessions));
        String state = Files.readString(files.get(0));
        assertTrue(state.contains("\"segments\":1") && state.contains("\"offset\":" + Files.size(transcript)), state);
    }

    @Test
    void lostCaptureStateContinuesAfterTheSegmentsTheIndexHolds() throws Exception {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        new ClaudeTranscriptFixture(SESSION, CWD).user("after the state was lost").appendTo(transcript);
        try (var s = Files.list(tw.root.resolve(".memoryd/hooks/sessions"))) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }

        CaptureOutcome out = capture.captureEnd(claude(transcript));

        assertEquals(2, out.segment());
        String body = only(tw, "transcript", SESSION + "#2").body();
        assertTrue(body.contains("flaky") && body.contains("after the state was lost"), "read again from the start");
    }

    @Test
    void corruptCaptureStateIsReportedAndTheIndexDecides() throws Exception {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        try (var s = Files.list(tw.root.resolve(".memoryd/hooks/sessions"))) {
            Files.writeString(s.toList().get(0), "{not json");
        }
        try (LogLines logs = new LogLines(CaptureStateStore.class)) {
            assertEquals(2, capture.captureEnd(claude(transcript)).segment());
            assertTrue(logs.warnings().get(0).contains("is unusable"), logs.lines().toString());
        }
    }

    @Test
    void agentsCaptureTheSameSessionIdSeparately() {
        typicalSession().writeTo(transcript);
        capture.captureEnd(claude(transcript));
        CaptureOutcome bob = capture.captureEnd(new CaptureRequest(new AgentId("bob"), "claude-code", SESSION, CWD,
                transcript, null));
        assertEquals(1, bob.segment());
        assertEquals(2, artifacts(tw, "transcript").size());
        assertEquals("bob", artifact(tw, bob.writtenPaths().get(0)).frontMatter().get("agent_id"));
    }
}
