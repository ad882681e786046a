package io.memoryd.daemon.hooks;

/**
 * The session id of each segment of a captured session (docs/format.md §5.7): segment 1 keeps the
 * harness's id {@code S}, segment k ≥ 2 is {@code S#k}; every segment's session key is {@code S}, so the
 * ledger labels them all {@code S}.
 */
final class Segments {

    private Segments() {
    }

    static String sessionId(String sessionId, int segment) {
        if (segment < 1) {
            throw new IllegalArgumentException("segments count from 1, got " + segment);
        }
        return segment == 1 ? sessionId : sessionId + "#" + segment;
    }
}
