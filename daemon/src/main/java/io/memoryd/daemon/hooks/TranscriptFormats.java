package io.memoryd.daemon.hooks;

import io.memoryd.daemon.hooks.claude.ClaudeTranscriptFormat;
import io.memoryd.memory.write.ManifestStore;
import java.util.Map;

/**
 * Which format a transcript file has, by harness (compared by its slug, docs/format.md §1.4): Claude Code's
 * JSONL for {@code claude-code}, plain text for every other harness. Text given in a request is always
 * plain text. Immutable.
 */
public final class TranscriptFormats {

    private final Map<String, TranscriptFormat> bySlug;

    public TranscriptFormats(Map<String, TranscriptFormat> bySlug) {
        this.bySlug = Map.copyOf(bySlug);
    }

    /** The formats memoryd knows. */
    public static TranscriptFormats builtIn() {
        return new TranscriptFormats(Map.of("claude-code", ClaudeTranscriptFormat.INSTANCE));
    }

    /** The format of a transcript file written by {@code harness}. */
    public TranscriptFormat forFile(String harness) {
        return bySlug.getOrDefault(ManifestStore.harnessSlug(harness), PlainTextFormat.INSTANCE);
    }
}
