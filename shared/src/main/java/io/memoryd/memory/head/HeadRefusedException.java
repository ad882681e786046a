package io.memoryd.memory.head;

/**
 * A head write refused before anything was written, with the reason a caller can act on and the
 * reference's message text (docs/format.md §8).
 */
public final class HeadRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the text or the agent id was refused. */
    public enum Reason {
        /** The text is blank after trimming. */
        EMPTY_CONTENT,
        /** The trimmed text starts with {@code {} or {@code [} and parses as JSON. */
        JSON_CONTENT,
        /** The agent id is neither {@code default} nor {@code ^[a-z0-9][a-z0-9-]*$}. */
        INVALID_AGENT_ID
    }

    private final Reason reason;

    public HeadRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
