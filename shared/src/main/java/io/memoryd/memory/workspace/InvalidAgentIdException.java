package io.memoryd.memory.workspace;

/** An agent id that cannot be used safely; the message quotes it. */
public final class InvalidAgentIdException extends IllegalArgumentException {

    private final String agentId;

    public InvalidAgentIdException(String agentId) {
        super("Invalid agent id " + (agentId == null ? "null" : "\"" + agentId + "\"")
                + ": expected 1-128 characters of [A-Za-z0-9._@-], starting with a letter or digit, without '..'");
        this.agentId = agentId;
    }

    public String agentId() {
        return agentId;
    }
}
