package io.memoryd.memory.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a hand-made note becomes durable-note chunks. */
class NoteChunkerTest {

    private static final String LONG_BODY = "The renderer pool restarts a dead renderer only after it was reaped,"
            + " with backoff and jitter.";

    @Test
    void splitsBySectionHeadingAndKeepsTheHeading() {
        List<NoteChunk> chunks = NoteChunker.chunks("# One\n\n" + LONG_BODY + "\n\n## Two\n\n" + LONG_BODY + "\n");

        assertEquals(2, chunks.size());
        assertEquals("One: " + LONG_BODY, chunks.get(0).content());
        assertEquals("Two: " + LONG_BODY, chunks.get(1).content());
        assertTrue(chunks.get(0).section());
        assertEquals(0.65, chunks.get(0).importance());
    }

    @Test
    void dropsSectionsWithUnderEightyCharactersOfBody() {
        List<NoteChunk> chunks = NoteChunker.chunks("# Short\n\ntoo short to keep\n\n# Long\n\n" + LONG_BODY);

        assertEquals(1, chunks.size());
        assertTrue(chunks.get(0).content().startsWith("Long: "));
    }

    @Test
    void cutsAnOverlongSectionAtBlankLinesIntoParagraphChunks() {
        StringBuilder text = new StringBuilder("# Big\n\n");
        for (int i = 0; i < 40; i++) {
            text.append("Paragraph ").append(i).append(": ").append(LONG_BODY).append("\n\n");
        }

        List<NoteChunk> chunks = NoteChunker.chunks(text.toString());

        assertTrue(chunks.size() >= 2, "chunks: " + chunks.size());
        for (NoteChunk c : chunks) {
            assertFalse(c.section());
            assertEquals(0.55, c.importance());
            assertTrue(c.content().startsWith("Big: Paragraph "));
            assertFalse(c.content().contains("\n"));
            assertTrue(c.content().length() <= NoteChunker.MAX_CHUNK_CHARS + LONG_BODY.length() + 20);
        }
    }

    @Test
    void aChunkIsOneLineBecauseTheProjectionShowsItAsOneBullet() {
        List<NoteChunk> chunks = NoteChunker.chunks("# Rules\n\nFirst line of the rule,\nsecond line of it,\n\n"
                + "and a last paragraph that makes the body long enough.\n");

        assertEquals("Rules: First line of the rule, second line of it, and a last paragraph that makes the body"
                + " long enough.", chunks.get(0).content());
    }

    @Test
    void headingsInsideCodeFencesDoNotSplit() {
        List<NoteChunk> chunks = NoteChunker.chunks("# Doc\n\n```\n# not a heading\n```\n" + LONG_BODY);

        assertEquals(1, chunks.size());
        assertTrue(chunks.get(0).content().contains("# not a heading"));
    }
}
