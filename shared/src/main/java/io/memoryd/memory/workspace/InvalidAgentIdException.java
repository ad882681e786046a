package io.memoryd.memory.workspace;

/**
 * An agent id that cannot be used safely. The message quotes the id, cut to {@value #QUOTED_CHARS}
 * characters with an ellipsis, so a huge id sent by a client does not come back in full in errors and logs.
 */
public final class InvalidAgentIdException extends IllegalArgumentException {

    /** How much of a refused id the message quotes. */
    public static final int QUOTED_CHARS = 64;

    private final String agentId;

    public InvalidAgentIdException(String agentId) {
        super("Invalid agent id " + (agentId == null ? "null" : quote(agentId))
                + ": expected 1-128 characters of [A-Za-z0-9._@-], starting with a letter or digit, without '..'");
        this.agentId = agentId;
    }

    private static String quote(String id) {
        if (id.length() <= QUOTED_CHARS) {
            return "\"" + id + "\"";
        }
        // Never cut a surrogate pair in half.
        int end = Character.isHighSurrogate(id.charAt(QUOTED_CHARS - 1)) ? QUOTED_CHARS - 1 : QUOTED_CHARS;
        return "\"" + id.substring(0, end) + "…\" (" + id.length() + " characters)";
    }

    /** The refused id, in full. */
    public String agentId() {
        return agentId;
    }
}
