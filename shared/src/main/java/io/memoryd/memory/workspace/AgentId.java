package io.memoryd.memory.workspace;

import java.util.regex.Pattern;

/**
 * A validated agent id. Ids become parts of file paths, lock names and SQL parameters, so anything that
 * could escape a directory ({@code /}, {@code \}, {@code ..}), control characters and blank ids are
 * refused with {@link InvalidAgentIdException}.
 */
public record AgentId(String value) {

    // Declared before DEFAULT: static initializers run in order and DEFAULT's constructor needs it.
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    /** The agent whose MEMORY.md lives at the workspace root. */
    public static final AgentId DEFAULT = new AgentId("default");

    public AgentId {
        if (value == null || !VALID.matcher(value).matches() || value.contains("..")) {
            throw new InvalidAgentIdException(value);
        }
    }

    /** Parses a caller-supplied id; null or blank means {@link #DEFAULT}, surrounding spaces are trimmed. */
    public static AgentId parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        return new AgentId(raw.strip());
    }

    public boolean isDefault() {
        return value.equals(DEFAULT.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
