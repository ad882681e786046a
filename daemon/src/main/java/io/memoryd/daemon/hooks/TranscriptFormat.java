package io.memoryd.daemon.hooks;

/**
 * How one harness writes its transcript: what a line means for the normalised text and the summary's
 * facts. Implementations are stateless factories; the parsers they make keep state across the lines of one
 * scan and are not thread-safe.
 */
public interface TranscriptFormat {

    /** What became of a line. */
    enum Verdict {
        /** It contributed text or facts. */
        USED,
        /** It is well-formed but carries nothing to keep (metadata, thinking, a subagent's turn). */
        IGNORED,
        /** It is not what the format expects (not JSON, not an object); counted and logged as skipped. */
        MALFORMED
    }

    /** Reads the lines of one scan in order. */
    interface LineParser {
        Verdict accept(String line, TranscriptSink sink);
    }

    /** A parser for one scan. */
    LineParser newParser();

    /** A short name for messages ({@code plain text}, {@code Claude Code JSONL}). */
    String name();
}
