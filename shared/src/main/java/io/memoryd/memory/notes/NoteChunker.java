package io.memoryd.memory.notes;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a hand-made note into chunks by its Markdown headings (docs/format.md §11.2): a section that fits
 * in about 512 tokens (4 characters each) is one chunk; a longer one is cut at blank lines into paragraph
 * chunks that repeat the heading. Chunks whose body, heading left out, has under 80 characters are dropped.
 * A chunk is one line, {@code <heading text>: <body>} with its whitespace collapsed, because the projection
 * shows each durable note as one bullet.
 */
public final class NoteChunker {

    static final int MAX_CHUNK_CHARS = 512 * 4;
    static final int MIN_BODY_CHARS = 80;

    private NoteChunker() {
    }

    public static List<NoteChunk> chunks(String text) {
        List<NoteChunk> out = new ArrayList<>();
        String heading = "";
        StringBuilder body = new StringBuilder();
        boolean inFence = false;
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            }
            if (!inFence && line.matches("#{1,6}\\s.*")) {
                addSection(out, heading, body.toString());
                heading = line.strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        addSection(out, heading, body.toString());
        return out;
    }

    private static void addSection(List<NoteChunk> out, String heading, String body) {
        String trimmed = body.strip();
        if (trimmed.length() < MIN_BODY_CHARS) {
            return;
        }
        String title = heading.replaceFirst("^#+\\s*", "").strip();
        String prefix = title.isEmpty() ? "" : title + ": ";
        if (prefix.length() + trimmed.length() <= MAX_CHUNK_CHARS) {
            out.add(new NoteChunk(prefix + oneLine(trimmed), true));
            return;
        }
        StringBuilder part = new StringBuilder();
        for (String paragraph : trimmed.split("\n\\s*\n")) {
            String p = paragraph.strip();
            if (part.length() > 0 && prefix.length() + part.length() + 2 + p.length() > MAX_CHUNK_CHARS) {
                addParagraph(out, prefix, part.toString());
                part.setLength(0);
            }
            part.append(part.length() == 0 ? "" : "\n\n").append(p);
        }
        addParagraph(out, prefix, part.toString());
    }

    private static void addParagraph(List<NoteChunk> out, String prefix, String body) {
        if (body.strip().length() >= MIN_BODY_CHARS) {
            out.add(new NoteChunk(prefix + oneLine(body), false));
        }
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
