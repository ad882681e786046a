package io.memoryd.daemon.hooks;

/**
 * A part of a transcript that becomes one segment (docs/format.md §5.7): its normalised text, its facts,
 * the compaction summary that ended it (or null), and the byte offset where it ends.
 */
record TranscriptPiece(String text, SessionFacts facts, String compaction, long end) {

    /** Whether the piece is worth a segment: some text, or a compaction summary. */
    boolean hasContent() {
        return !text.isBlank() || compaction != null;
    }
}
