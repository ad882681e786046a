package io.memoryd.daemon.supervisor;

/**
 * The renders in a row one renderer process failed by its own fault (see {@link RenderFailureKind#RENDERER_FAULT}),
 * with the last failure for the exit reason; a served render ends the streak. Not thread-safe: held by
 * {@link SlotRenders} under the pool's lock.
 */
final class FailureStreak {

    private int length;
    private String lastFailure = "";

    /** Counts one failure; true when the streak has reached {@code limit} (the renderer should be replaced). */
    boolean extend(String failure, int limit) {
        length++;
        lastFailure = failure;
        return length >= limit;
    }

    void end() {
        length = 0;
        lastFailure = "";
    }

    int length() {
        return length;
    }

    /** For the exit reason, e.g. {@code 3 renders in a row failed; the last: INTERNAL: ...}. */
    String describe() {
        return length + " renders in a row failed; the last: " + lastFailure;
    }
}
