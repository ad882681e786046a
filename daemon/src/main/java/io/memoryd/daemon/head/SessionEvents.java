package io.memoryd.daemon.head;

import io.memoryd.memory.workspace.AgentId;

/** What the hook gateway tells the head scheduler about sessions. Implementations are thread-safe. */
public interface SessionEvents {

    /** Ignores everything (no scheduler). */
    SessionEvents NONE = new SessionEvents() {
        @Override
        public void sessionStarted(AgentId agent, String sessionId) {
        }

        @Override
        public void sessionEnded(AgentId agent, String sessionId) {
        }

        @Override
        public void compacted(AgentId agent) {
        }
    };

    void sessionStarted(AgentId agent, String sessionId);

    void sessionEnded(AgentId agent, String sessionId);

    /** A compaction was captured: the head is rewritten now (a forced trigger). */
    void compacted(AgentId agent);
}
