package io.memoryd.daemon.hooks;

/**
 * What a transcript format reports while it reads lines: the normalised text, entry by entry, and the facts
 * the extractive summary is made of. The capture caps both, so a format passes everything it finds. Not
 * thread-safe: one scan feeds one sink.
 */
public interface TranscriptSink {

    /** Appends one entry (one or more lines) of the normalised transcript. */
    void text(String entry);

    /** Something the user asked for (one user turn's text). */
    void request(String text);

    /** A text the assistant wrote; the last one is the session's final answer. */
    void answer(String text);

    /** A tool call was made. */
    void toolCall();

    /** A file was written or edited. */
    void fileChanged(String path);

    /** A file was read. */
    void fileRead(String path);

    /** A shell command was run. */
    void commandRun(String command);

    /** The time of a line, as the transcript wrote it; the first and last valid ones date the segment. */
    void timestamp(String time);

    /**
     * A compaction summary the harness recorded: it ends the current piece of the transcript (which becomes a
     * segment of its own, docs/format.md §5.7) and is written as that segment's compaction artifact.
     */
    void compaction(String summary);
}
