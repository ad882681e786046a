package io.memoryd.memory.sentence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.memory.write.WrittenArtifact;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anchors and the deterministic fallback templates (docs/format.md §5.6, §9.2, §10 case 12). */
class FallbackSentenceTest {

    private static final String AT = "2026-04-29T10:00:00.000Z";

    @TempDir
    Path root;

    private static String session(String anchor, String kind) {
        return "Session " + anchor + " captured durable " + kind + " context, preserved lineage metadata, and recorded"
                + " this artifact for MEMORY.md projection and later drill-down.";
    }

    private static FrontMatter write(TestWorkspace t, String project, String harness, String body, boolean compaction) {
        SessionInput input = new SessionInput(AgentId.DEFAULT, "sess-1", "sess-1", project, harness, AT, null, AT, body);
        WrittenArtifact w = compaction ? t.ws.writer().writeCompaction(input) : t.ws.writer().writeSummary(input);
        return FrontMatterCodec.parse(t.read(w.artifactPath())).frontMatter();
    }

    @ParameterizedTest(name = "§10 case 12: project={0} harness={1} body=\"{2}\" → anchor {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/home/u/signetai|codex|Merged PR #77 in platform/x.ts.|signetai",
        "/home/u/signetai///|codex|Plain words.|signetai",
        "NULL|codex|Merged PR #390 after review.|PR#390",
        "NULL|codex|Closed issue: 42-b today.|issue:42-b",
        "NULL|codex|Fixed TASK-17 finally.|TASK-17",
        "NULL|codex|Touched platform/daemon/src/x.ts only.|platform/daemon/src/x.ts",
        "NULL|codex|Edited README.md and left.|README.md",
        "NULL| codex |Plain words only.|codex",
        "NULL|NULL|Plain words only.|session",
        "NULL|'   '|Plain words only.|session",
    })
    @DisplayName("§10 case 12: the anchor is project basename, else issue/PR, else path, else harness, else session")
    void picksTheAnchorInRuleOrder(String project, String harness, String body, String anchor) {
        assertEquals(anchor, MemorySentences.pickAnchor(body, project, harness));
    }

    @Test
    @DisplayName("§10 case 12: without a provider a summary's sentence is the fallback template with the project anchor")
    void summaryWithoutProviderGetsFallbackTemplate() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            FrontMatter fm = write(t, "/home/u/signetai", "codex", "Merged PR #77.", false);
            assertEquals(session("signetai", "summary"), fm.get("memory_sentence"));
            assertEquals("fallback", fm.get("memory_sentence_quality"));
        }
    }

    @Test
    @DisplayName("§10 case 12: without a project the summary's anchor comes from the body (issue/PR match)")
    void summaryWithoutProjectAnchorsOnThePr() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            assertEquals(session("PR#77", "summary"), write(t, null, "codex", "Merged PR #77.", false)
                    .get("memory_sentence"));
        }
    }

    @Test
    @DisplayName("§10 case 12: without project or body anchor the summary's anchor is the harness")
    void summaryFallsBackToTheHarness() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            assertEquals(session("codex", "summary"), write(t, null, "codex", "Did some things.", false)
                    .get("memory_sentence"));
        }
    }

    @Test
    @DisplayName("§10 case 12: a compaction's sentence is the compaction template")
    void compactionWithoutProviderGetsCompactionTemplate() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            FrontMatter fm = write(t, "/home/u/proj", "codex", "Compacted.", true);
            assertEquals("Compaction for proj preserved durable context, linked the active session state, and captured"
                    + " this summary for later MEMORY.md projection and drill-down.", fm.get("memory_sentence"));
            assertEquals("fallback", fm.get("memory_sentence_quality"));
        }
    }

    @Test
    @DisplayName("§5.3: a transcript's sentence is always the fallback template of kind transcript")
    void transcriptGetsTranscriptTemplate() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            SessionInput input = new SessionInput(AgentId.DEFAULT, "sess-1", "sess-1", null, null, AT, null, AT,
                    "user: hello");
            FrontMatter fm = FrontMatterCodec.parse(t.read(t.ws.writer().writeTranscript(input).artifactPath()))
                    .frontMatter();
            assertEquals(session("session", "transcript"), fm.get("memory_sentence"));
        }
    }

    @Test
    @DisplayName("§5.6: fallback sentences pass validation")
    void fallbackSentencesValidate() {
        for (String kind : new String[] {"summary", "transcript", "compaction"}) {
            String s = MemorySentences.fallback("Plain words.", null, null, kind);
            assertTrue(MemorySentences.isValid(s, () -> "Plain words.", null), s);
        }
    }

    @Test
    @DisplayName("E3: \"Merged PR\\u00a0#77\" gives the anchor PR#77 (NBSP is whitespace in the anchor regex)")
    void nbspInsideThePrReferenceIsRemoved() {
        assertEquals("PR#77", MemorySentences.pickAnchor("Merged PR\u00a0#77", null, null));
        assertEquals("PR#77", MemorySentences.pickAnchor("Merged PR \u3000#\u2003 77", null, null));
    }

    @Test
    @DisplayName("E3: project and harness are trimmed with the JavaScript whitespace set")
    void trimsProjectAndHarnessWithUnicodeWhitespace() {
        assertEquals("proj", MemorySentences.pickAnchor("", "\u00a0/home/u/proj\u3000", null));
        assertEquals("codex", MemorySentences.pickAnchor("", null, "\ufeffcodex\u00a0"));
        assertEquals("session", MemorySentences.pickAnchor("", null, "\u00a0\u2028"));
    }

    @Test
    @DisplayName("§5.6 quirks kept: 'pr'+letters matches words, 'task was' → taskwas, 'PR #390' → PR#390")
    void keepsTheReferenceAnchorQuirks() {
        assertEquals("projection", MemorySentences.pickAnchor("Updated the projection code.", null, null));
        assertEquals("taskwas", MemorySentences.pickAnchor("The task was hard.", null, null));
        assertEquals("PR#390", MemorySentences.pickAnchor("See PR #390.", null, null));
        assertEquals("codex", MemorySentences.pickAnchor("improved nothing", null, "codex"));
    }

    @Test
    @DisplayName("E5: project C:\\Users\\me\\proj gives the anchor verbatim (a backslash is an ordinary character)")
    void windowsProjectPathIsAnAnchorVerbatim() {
        assertEquals("C:\\Users\\me\\proj", MemorySentences.pickAnchor("Merged PR #77.", "C:\\Users\\me\\proj", "codex"));
    }

    @Test
    @DisplayName("E5: project \"/\" gives no project anchor; the body rules apply")
    void rootProjectGivesNoProjectAnchor() {
        assertEquals("PR#77", MemorySentences.pickAnchor("Merged PR #77.", "/", "codex"));
        assertEquals("codex", MemorySentences.pickAnchor("Plain words.", "///", "codex"));
    }

    @Test
    @DisplayName("E5: a whitespace-only project gives no project anchor; the body rules apply")
    void blankProjectGivesNoProjectAnchor() {
        assertEquals("PR#77", MemorySentences.pickAnchor("Merged PR #77.", "   ", "codex"));
        assertEquals("platform/a.ts", MemorySentences.pickAnchor("Touched platform/a.ts.", "\t\u00a0", "codex"));
    }

    @Test
    @DisplayName("E5: only / separates segments (mixed separators use the last /)")
    void onlySlashSeparatesSegments() {
        assertEquals("me\\proj", MemorySentences.pickAnchor("", "/mnt/c/Users/me\\proj/", null));
    }
}
