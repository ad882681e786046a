package io.memoryd.memory.notes;

/**
 * One durable-note chunk of a hand-made Markdown file: its text (heading included) and whether it is a
 * whole section (importance 0.65) or a paragraph of a section too long for one chunk (0.55).
 */
public record NoteChunk(String content, boolean section) {

    public double importance() {
        return section ? 0.65 : 0.55;
    }
}
