package io.memoryd.daemon.hooks;

/**
 * The bounds of one capture (docs/format.md §5.7), which keep its memory and time bounded whatever the
 * transcript: at most {@code 2 × windowBytes} of the new part are examined (the first and the last
 * {@code windowBytes}); a line longer than {@code maxLineBytes} is skipped without being held; a text
 * entry is cut to {@code maxEntryChars}; a segment's text keeps its first {@code headChars} and last
 * {@code tailChars}; the extractive summary has at most {@code summaryChars}, a compaction summary at most
 * {@code compactionChars}.
 */
public record CaptureLimits(long windowBytes, int maxLineBytes, int maxEntryChars, int headChars, int tailChars,
        int summaryChars, int compactionChars) {

    /**
     * 4 MiB windows, 1 MiB lines, 8,000-character entries, 150,000 + 50,000 characters of text, 2,000-character
     * summaries, 200,000-character compaction summaries.
     */
    public static final CaptureLimits DEFAULTS =
            new CaptureLimits(4L << 20, 1 << 20, 8_000, 150_000, 50_000, 2_000, 200_000);

    public CaptureLimits {
        if (windowBytes < 1 || maxLineBytes < 1 || maxEntryChars < 16 || headChars < 0 || tailChars < 0
                || summaryChars < 200 || compactionChars < 16) {
            throw new IllegalArgumentException("capture limits out of range: " + windowBytes + ", " + maxLineBytes
                    + ", " + maxEntryChars + ", " + headChars + ", " + tailChars + ", " + summaryChars + ", "
                    + compactionChars);
        }
    }
}
