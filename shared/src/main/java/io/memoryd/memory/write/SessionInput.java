package io.memoryd.memory.write;

import io.memoryd.memory.workspace.AgentId;
import java.util.Objects;

/**
 * What a hook knows about a session when it hands in an artifact: identity, context, times and the text
 * (summary, transcript or compaction; empty for a bare manifest).
 */
public record SessionInput(AgentId agent, String sessionId, String sessionKey, String project, String harness,
        String capturedAt, String startedAt, String endedAt, String text) {

    public SessionInput {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(capturedAt, "capturedAt");
        text = text == null ? "" : text;
    }

    /** A copy carrying other text. */
    public SessionInput withText(String newText) {
        return new SessionInput(agent, sessionId, sessionKey, project, harness, capturedAt, startedAt, endedAt, newText);
    }
}
