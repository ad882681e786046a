package io.memoryd.memory.sentence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.WrittenArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving a memory sentence through an optional source (docs/format.md §5.6, §9.2, §10 case 11). */
class SentenceResolutionTest {

    private static final String PROJECT = "/tmp/signetai";
    private static final String BODY = "Reworked the retry queue and its backoff.";
    private static final String VALID = "Reworked the signetai retry queue so failed jobs back off exponentially"
            + " instead of flooding the daemon logs.";

    private final MutableClock clock = MutableClock.at("2026-04-30T12:00:00.000Z");

    @TempDir
    Path root;

    private MemorySentence resolve(SentenceSource source) {
        return new MemorySentences(clock, source).resolve(BODY, PROJECT, "codex", "summary");
    }

    private static void assertFallback(MemorySentence s) {
        assertEquals(MemorySentence.FALLBACK, s.quality());
        assertEquals(MemorySentences.fallback(BODY, PROJECT, "codex", "summary"), s.text());
        assertTrue(s.text().contains("signetai"), s.text());
        assertTrue(s.text().endsWith("."), s.text());
    }

    private static String words(int n) {
        StringBuilder out = new StringBuilder("signetai");
        for (int i = 2; i <= n; i++) {
            out.append(" word").append(i);
        }
        return out.append('.').toString();
    }

    @Test
    @DisplayName("§10 case 11: a provider answering \"Worked on task.\" gives the fallback with the project basename")
    void lowSignalAnswerFallsBack() {
        assertFallback(resolve((prompt, max, timeout) -> "Worked on task."));
    }

    @Test
    @DisplayName("§10 case 11: a valid anchored 12–48-word answer is used as its first sentence with quality ok")
    void validAnswerIsUsedAsFirstSentence() {
        MemorySentence s = resolve((prompt, max, timeout) -> VALID + " It also added tests for platform/x.ts.");
        assertEquals(new MemorySentence(VALID, MemorySentence.OK, "2026-04-30T12:00:00.000Z"), s);
    }

    @Test
    @DisplayName("§10 case 11: a throwing provider gives the fallback")
    void throwingProviderFallsBack() {
        assertFallback(resolve((prompt, max, timeout) -> {
            throw new IllegalStateException("model offline");
        }));
    }

    @Test
    @DisplayName("§5.6: a provider answering null gives the fallback")
    void nullAnswerFallsBack() {
        assertFallback(resolve((prompt, max, timeout) -> null));
    }

    @Test
    @DisplayName("§5.6: the provider is asked for at most 120 tokens within 10 000 ms, with the project and body")
    void asksTheProviderWithTheSpecLimits() {
        List<String> calls = new ArrayList<>();
        resolve((prompt, max, timeout) -> {
            calls.add(max + "/" + timeout);
            assertTrue(prompt.contains("Project: " + PROJECT), prompt);
            assertTrue(prompt.contains(BODY), prompt);
            return VALID;
        });
        assertEquals(List.of("120/10000"), calls);
    }

    @Test
    @DisplayName("§5.6: newlines in the answer collapse to one space before the first sentence is taken")
    void collapsesNewlinesInTheAnswer() {
        MemorySentence s = resolve((prompt, max, timeout) -> "  Reworked the signetai retry queue\n\nso failed jobs"
                + " back off exponentially instead of flooding logs.  \r\nSecond sentence.");
        assertEquals("Reworked the signetai retry queue so failed jobs back off exponentially instead of flooding logs.",
                s.text());
        assertEquals(MemorySentence.OK, s.quality());
    }

    @Test
    @DisplayName("§5.6: 12 and 48 words are accepted, 11 and 49 fall back")
    void enforcesTheWordBounds() {
        assertEquals(MemorySentence.OK, resolve((p, m, t) -> words(12)).quality());
        assertEquals(MemorySentence.OK, resolve((p, m, t) -> words(48)).quality());
        assertFallback(resolve((p, m, t) -> words(11)));
        assertFallback(resolve((p, m, t) -> words(49)));
    }

    @Test
    @DisplayName("§5.6: an answer without terminal punctuation falls back")
    void answerWithoutTerminalPunctuationFallsBack() {
        assertFallback(resolve((p, m, t) -> VALID.substring(0, VALID.length() - 1)));
    }

    @Test
    @DisplayName("§5.6: an answer without a concrete anchor falls back")
    void answerWithoutAnchorFallsBack() {
        assertFallback(resolve((p, m, t) -> "Reworked the retry queue so failed jobs back off exponentially"
                + " instead of flooding the daemon logs."));
    }

    @Test
    @DisplayName("§5.6: the anchor patterns count (PR#12, issue, web/…, *.md) but PRs does not")
    void concreteAnchorPatternsCount() {
        String tail = " changes landed with careful review and several follow-up fixes for the daemon today.";
        assertTrue(MemorySentences.isValid("Merged PR#12 and" + tail, () -> "", "/x/unrelated"));
        assertTrue(MemorySentences.isValid("Closed the issue and" + tail, () -> "", "/x/unrelated"));
        assertTrue(MemorySentences.isValid("Touched web/app and" + tail, () -> "", "/x/unrelated"));
        assertTrue(MemorySentences.isValid("Rewrote NOTES.md and" + tail, () -> "", "/x/unrelated"));
        assertEquals(false, MemorySentences.isValid("Merged PRs quickly and" + tail, () -> "", "/x/unrelated"));
    }

    @Test
    @DisplayName("E3: a 12-word sentence with two NBSP separators is kept by validation")
    void nbspSeparatedTwelveWordSentenceIsKept() {
        String sentence = "Updated\u00a0signetai retry handling so daemon stops hammering the\u00a0upstream service today.";
        assertTrue(MemorySentences.isValid(sentence, () -> BODY, PROJECT));
        MemorySentence s = resolve((p, m, t) -> sentence);
        assertEquals(MemorySentence.OK, s.quality());
        assertEquals(sentence, s.text());
    }

    @Test
    @DisplayName("§5.6: the first-sentence regex's . does not cross U+2028 (JavaScript semantics): no match → whole text")
    void firstSentenceDoesNotCrossLineSeparator() {
        String reply = "Reworked the signetai\u2028retry queue so failed jobs back off exponentially instead of"
                + " flooding logs. Added tests too.";
        MemorySentence s = resolve((p, m, t) -> reply);
        assertEquals(reply, s.text());
        assertEquals(MemorySentence.OK, s.quality());
    }

    @Test
    @DisplayName("§5.6: the first-sentence regex's $ is the end of the text only (a trailing U+0085 is not an end)")
    void firstSentenceEndIsEndOfTextOnly() {
        assertFallback(resolve((p, m, t) -> VALID + "\u0085"));
    }

    @Test
    @DisplayName("§10 case 11: the writer stores the provider's sentence with quality ok")
    void writerStoresTheProvidersSentence() throws Exception {
        WorkspaceOptions options = new WorkspaceOptions(root, clock, ZoneOffset.UTC, false,
                ArtifactFileReader.DEFAULT_MAX_BYTES, (p, m, t) -> VALID, true);
        try (MemoryWorkspace ws = MemoryWorkspace.open(options)) {
            WrittenArtifact w = ws.writer().writeSummary(TestWorkspace.session("default", "sess-1", PROJECT,
                    "2026-04-29T10:00:00.000Z", BODY));
            FrontMatter fm = FrontMatterCodec.parse(Files.readString(root.resolve(w.artifactPath()))).frontMatter();
            assertEquals(VALID, fm.get("memory_sentence"));
            assertEquals("ok", fm.get("memory_sentence_quality"));
            assertEquals("memory_sentence_v1", fm.get("memory_sentence_version"));
        }
    }
}
