package io.memoryd.daemon.hooks;

import static io.memoryd.daemon.hooks.CaptureFixtures.SESSION;
import static io.memoryd.daemon.hooks.CaptureFixtures.artifacts;
import static io.memoryd.daemon.hooks.CaptureFixtures.claude;
import static io.memoryd.daemon.hooks.CaptureFixtures.only;
import static io.memoryd.daemon.hooks.CaptureFixtures.typicalSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's summarizer command writes the summary after the hook was answered; whenever it fails the
 * extractive summary is written instead, so every segment ends with exactly one summary.
 */
@Timeout(60)
class SummarizerCommandTest {

    @TempDir
    Path dir;

    private TestWorkspace tw;
    private Path transcript;

    @BeforeEach
    void open() {
        tw = TestWorkspace.open(dir.resolve("home"));
        transcript = typicalSession().writeTo(dir.resolve(SESSION + ".jsonl"));
    }

    @AfterEach
    void close() {
        tw.close();
    }

    /** Captures the typical session with {@code command} and waits for its summary; returns the outcome. */
    private CaptureOutcome captureWith(String command, Duration timeout) throws Exception {
        SummarizerQueue queue = SummarizerQueue.forWorkspace(tw.ws, command, timeout, 4);
        try (SessionCapture capture = new SessionCapture(tw.ws, queue, tw.clock)) {
            CaptureOutcome out = capture.captureEnd(claude(transcript));
            assertTrue(queue.drain(Duration.ofSeconds(30)), "the job ended");
            return out;
        }
    }

    private String extractiveSummary() {
        // What the summary is without a command: the same capture in another workspace.
        try (TestWorkspace other = TestWorkspace.open(dir.resolve("other"));
                SessionCapture plain = new SessionCapture(other.ws, null, other.clock)) {
            plain.captureEnd(claude(transcript));
            return only(other, "summary", SESSION).body();
        }
    }

    @Test
    void commandOutputBecomesTheSummaryAfterTheHookWasAnswered() throws Exception {
        CaptureOutcome out = captureWith("head -c 60", Duration.ofSeconds(20));

        assertTrue(out.summaryQueued());
        assertEquals(1, out.writtenPaths().size(), "only the transcript is written before the answer");
        String transcriptText = only(tw, "transcript", SESSION).body();
        assertEquals(ArtifactBody.normalize(transcriptText.substring(0, 60)),
                only(tw, "summary", SESSION).body().strip());
        assertNoPendingSummaries();
    }

    @Test
    void commandSeesTheSessionInItsEnvironment() throws Exception {
        captureWith("cat >/dev/null; echo \"$MEMORYD_SESSION_KEY segment $MEMORYD_SEGMENT of $MEMORYD_HARNESS in"
                + " $MEMORYD_PROJECT\"", Duration.ofSeconds(20));
        assertEquals(SESSION + " segment 1 of claude-code in /home/u/proj",
                only(tw, "summary", SESSION).body().strip());
    }

    @Test
    void failingCommandLeavesTheExtractiveSummary() throws Exception {
        try (LogLines logs = new LogLines(SummarizerQueue.class)) {
            captureWith("echo partial; echo oops >&2; exit 3", Duration.ofSeconds(20));
            assertTrue(logs.warnings().stream().anyMatch(l -> l.contains("exited with status 3")
                    && l.contains("stderr: oops")), logs.lines().toString());
        }
        assertEquals(extractiveSummary(), only(tw, "summary", SESSION).body());
        assertNoPendingSummaries();
    }

    @Test
    void commandPastItsTimeoutIsKilledAndLeavesTheExtractiveSummary() throws Exception {
        try (LogLines logs = new LogLines(SummarizerQueue.class)) {
            captureWith("sleep 5; echo late", Duration.ofMillis(300));
            assertTrue(logs.warnings().stream().anyMatch(l -> l.contains("timed out after 300 ms")),
                    logs.lines().toString());
        }
        assertEquals(extractiveSummary(), only(tw, "summary", SESSION).body());
    }

    @Test
    void commandWithoutOutputLeavesTheExtractiveSummary() throws Exception {
        captureWith("cat >/dev/null; printf '  \\n'", Duration.ofSeconds(20));
        assertEquals(extractiveSummary(), only(tw, "summary", SESSION).body());
    }

    @Test
    void fullQueueAndClosingBothLeaveEverySegmentOneExtractiveSummary() throws Exception {
        SummarizerQueue queue = SummarizerQueue.forWorkspace(tw.ws, "sleep 30", Duration.ofSeconds(60), 1);
        List<CaptureOutcome> outcomes = new ArrayList<>();
        try (SessionCapture capture = new SessionCapture(tw.ws, queue, tw.clock)) {
            for (int i = 0; i < 3; i++) {
                outcomes.add(capture.captureEnd(new CaptureRequest(AgentId.DEFAULT, "claude-code", "q-" + i,
                        "/home/u/proj", transcript, null)));
            }
            // One job may run and one wait; the third found the queue full and wrote its summary itself.
            CaptureOutcome refused = outcomes.stream().filter(o -> !o.summaryQueued()).findFirst().orElseThrow();
            assertEquals(2, refused.writtenPaths().size(), refused.toString());
        }
        // Closing killed the running command and wrote the fallback of every job that had not finished.
        String extractive = extractiveSummary();
        for (int i = 0; i < 3; i++) {
            String summary = only(tw, "summary", "q-" + i).body();
            assertTrue(summary.startsWith("Session summary (extractive)"), summary);
            assertEquals(extractive, summary);
        }
        assertEquals(3, artifacts(tw, "summary").size());
        assertNoPendingSummaries();
    }

    @Test
    void summariesLeftPendingByAStoppedDaemonAreWrittenAtTheNextStart() throws Exception {
        SessionInput pending = new SessionInput(AgentId.DEFAULT, "crashed", "crashed", "/home/u/proj", "claude-code",
                "2026-04-30T11:00:00.000Z", null, "2026-04-30T11:00:00.000Z", "Extractive summary kept for a crash.");
        new PendingSummaries(tw.root.resolve(".memoryd/hooks/pending"),
                new io.memoryd.memory.artifact.AtomicFileWriter(false)).save(pending);

        try (SessionCapture capture = new SessionCapture(tw.ws, null, tw.clock)) {
            assertEquals(1, capture.recoverPendingSummaries());
            assertEquals(0, capture.recoverPendingSummaries());
        }
        assertEquals("Extractive summary kept for a crash.", only(tw, "summary", "crashed").body().strip());
        assertNoPendingSummaries();
    }

    @Test
    void scratchFilesAreRemovedAfterEachRun() throws Exception {
        captureWith("head -c 10", Duration.ofSeconds(20));
        try (Stream<Path> left = Files.list(tw.root.resolve(".memoryd/hooks/summarizer"))) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(only(tw, "summary", SESSION).body().isBlank());
    }

    private void assertNoPendingSummaries() throws Exception {
        Path pending = tw.root.resolve(".memoryd/hooks/pending");
        if (Files.isDirectory(pending)) {
            try (Stream<Path> left = Files.list(pending)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }
}
