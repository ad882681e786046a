package io.memoryd.daemon.hooks;

/**
 * How far a session's transcript has been captured (docs/format.md §5.7).
 *
 * @param segments the number of segments written so far (0: none)
 * @param offset the byte offset where the next capture starts reading
 * @param firstLineSha256 the fingerprint of the transcript's first line when it was last read
 *     ({@link TranscriptSource#firstLineSha256()}), or null when it was not readable
 */
record CaptureState(int segments, long offset, String firstLineSha256) {

    static final CaptureState NONE = new CaptureState(0, 0, null);
}
