package io.memoryd.memory.projection;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 cases 26–31: the session ledger. */
class LedgerRenderingTest {

    @TempDir
    Path root;
    TestWorkspace t;
    final TokenBudget tokens = new TokenBudget();

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private String hoursAgo(double hours) {
        return IsoTime.format(t.clock.instant().minus(Duration.ofMillis((long) (hours * 3_600_000))));
    }

    private WrittenArtifact summary(String sessionId, String project, String at) {
        return t.ws.writer().writeSummary(session("default", sessionId, project, at,
                "Worked on the projection for " + sessionId + "."));
    }

    @Test
    @DisplayName("§10 case 26: 220 real + 40 /tmp sessions: clipped ledger, no temp project, within 4744 tokens")
    void clipsLedgerOfManySessionsAndHidesTempProjects() {
        for (int i = 0; i < 220; i++) {
            summary("real-" + i, "/home/u/signetai", hoursAgo(i * 3 + 1));
        }
        for (int i = 0; i < 40; i++) {
            summary("temp-" + i, "/tmp/signetai", hoursAgo(i * 3 + 2));
        }

        Projection p = t.render("default");

        assertTrue(p.content().contains("## Session Ledger (Last 30 Days)"));
        assertTrue(p.content().contains("older ledger rows clipped:"));
        assertFalse(p.content().contains("/tmp/signetai"));
        assertTrue(tokens.count(p.content()) <= 4744, "tokens: " + tokens.count(p.content()));
    }

    @Test
    @DisplayName("§10 case 27: 1 500 transcript sessions over 30 days: clipped, 0 < shown < 1 500")
    void clipsLedgerOfFifteenHundredTranscripts() {
        for (int i = 0; i < 1500; i++) {
            t.ws.writer().writeTranscript(session("default", "t-" + i, "/home/u/proj", hoursAgo(i * 0.47 + 0.1),
                    "user: step " + i));
        }

        Projection p = t.render("default");

        Matcher m = Pattern.compile("kept (\\d+) of (\\d+) in-window").matcher(p.content());
        assertTrue(m.find(), "no clip notice");
        int shown = Integer.parseInt(m.group(1));
        assertEquals(1500, Integer.parseInt(m.group(2)));
        assertTrue(shown > 0 && shown < 1500, "shown " + shown);
        assertEquals(shown, p.fileCount());
    }

    @Test
    @DisplayName("§10 case 28: the ledger shows the front-matter sentence, and the fallback when it is low-signal")
    void usesFrontMatterSentenceUnlessLowSignal() throws IOException {
        WrittenArtifact w = summary("s1", "/home/u/signetai", hoursAgo(1));
        Path file = t.file(w.artifactPath());
        String custom = "Refactored platform/daemon/src/retry.ts so that flaky retries are bounded and logged for later review.";
        String original = Files.readString(file);
        Files.writeString(file, original.replaceFirst("memory_sentence: \"[^\"]*\"", "memory_sentence: \"" + custom + "\""));
        assertTrue(t.render("default").content().contains("| " + custom + " [["));

        Files.writeString(file, original.replaceFirst("memory_sentence: \"[^\"]*\"", "memory_sentence: \"Worked on task.\""));
        String content = t.render("default").content();

        assertFalse(content.contains("Worked on task."));
        assertTrue(content.contains("| Session signetai captured durable summary context, preserved lineage metadata"));
    }

    @Test
    @DisplayName("§10 case 29: ledger links are root-relative wikilinks and the absolute root never appears")
    void linksAreRootRelative() {
        WrittenArtifact w = summary("s1", "/home/u/proj", hoursAgo(1));

        String content = t.render("default").content();

        assertTrue(content.contains("[[" + w.artifactPath() + "|summary]] [[" + w.manifestPath() + "|manifest]]"));
        assertFalse(content.contains(root.toString()));
    }

    @Test
    @DisplayName("§10 case 30: old, future, sentence-less and noise sessions are omitted; days newest first")
    void omitsOutOfWindowAndNoiseAndGroupsByDay() throws IOException {
        summary("old", "/home/u/proj", hoursAgo(24 * 31));
        summary("future", "/home/u/proj", IsoTime.format(t.clock.instant().plus(Duration.ofHours(2))));
        WrittenArtifact silent = summary("silent", "/home/u/proj", hoursAgo(3));
        Path file = t.file(silent.artifactPath());
        Files.writeString(file, Files.readString(file).replaceFirst("memory_sentence: \"[^\"]*\"", "memory_sentence: \"\""));
        t.ws.writer().writeSummary(new SessionInput(new io.memoryd.memory.workspace.AgentId("default"), "noise",
                "test-noise", null, "codex", hoursAgo(4), null, hoursAgo(4), "noise body"));
        summary("yesterday", "/home/u/proj", "2026-04-29T08:00:00.000Z");
        summary("today", "/home/u/proj", "2026-04-30T09:00:00.000Z");
        summary("today-later", "/home/u/proj", "2026-04-30T10:00:00.000Z");

        String content = t.render("default").content();

        for (String hidden : new String[] {"session=old ", "session=future ", "session=silent ", "session=test-noise "}) {
            assertFalse(content.contains(hidden), hidden);
        }
        String ledger = content.substring(content.indexOf("## Session Ledger"));
        assertTrue(ledger.contains("### 2026-04-30\n\n- 2026-04-30T10:00:00.000Z | session=today-later |"), ledger);
        assertTrue(ledger.contains("\n- 2026-04-30T09:00:00.000Z | session=today |"), ledger);
        assertTrue(ledger.indexOf("### 2026-04-30") < ledger.indexOf("### 2026-04-29"), ledger);
        assertTrue(ledger.contains("\n\n### 2026-04-29\n\n- 2026-04-29T08:00:00.000Z | session=yesterday |"), ledger);
    }

    @Test
    @DisplayName("§10 case 31: a session with summary and transcript shows the summary sentence at its ended_at")
    void picksSummaryOverTranscript() {
        SessionInput base = new SessionInput(io.memoryd.memory.workspace.AgentId.DEFAULT, "s1", "s1", "/home/u/proj",
                "codex", "2026-04-29T08:00:00.000Z", null, "2026-04-29T09:00:00.000Z", "Summary text.");
        t.ws.writer().writeTranscript(new SessionInput(base.agent(), "s1", "s1", "/home/u/proj", "codex",
                "2026-04-29T08:00:00.000Z", null, "2026-04-29T11:00:00.000Z", "user: hi"));
        t.ws.writer().writeSummary(base);

        String content = t.render("default").content();

        assertTrue(content.contains("- 2026-04-29T09:00:00.000Z | session=s1 | project=/home/u/proj | Session proj"
                + " captured durable summary context"), content);
        assertTrue(content.contains("|summary]] [[memory/"), content);
        assertTrue(content.contains("|transcript]] [[memory/"), content);
    }
}
