package io.memoryd.daemon.hooks;

import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.workspace.AgentId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Finds how many segments of a session the index already holds, for a session whose capture state is
 * missing or unusable (docs/format.md §5.7): the capture then goes on after them instead of colliding with
 * segment 1's immutable files. One indexed look-up per segment, by session token. Thread-safe.
 */
final class SegmentProbe {

    /** More segments than any session has; the probe stops there. */
    private static final int MAX_SEGMENTS = 100_000;

    private final MemoryDatabase db;

    SegmentProbe(MemoryDatabase db) {
        this.db = db;
    }

    /** The highest k such that segment k of the session has a row (0 when none). */
    int capturedSegments(AgentId agent, String sessionId) {
        return db.read("Looking up captured segments of session " + sessionId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM memory_artifacts WHERE agent_id = ? AND session_token = ? LIMIT 1")) {
                int k = 0;
                while (k < MAX_SEGMENTS) {
                    ps.setString(1, agent.value());
                    ps.setString(2, SessionToken.of(agent.value(), Segments.sessionId(sessionId, k + 1)));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return k;
                        }
                    }
                    k++;
                }
                return k;
            }
        });
    }
}
