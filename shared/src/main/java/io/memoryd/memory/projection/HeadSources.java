package io.memoryd.memory.projection;

import io.memoryd.memory.db.DatabaseException;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.noise.SessionNoise;
import io.memoryd.memory.text.JsWhitespace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the projection's non-ledger sources (docs/format.md §3.3, §6.2): top memories under the agent's read
 * policy, thread heads and temporal nodes, each noise-filtered after its LIMIT. A failing read yields an
 * empty list, as in the reference, and is logged.
 */
final class HeadSources {

    private static final Logger log = LoggerFactory.getLogger(HeadSources.class);

    /** A durable memory shown in the Global Head and Durable Notes. */
    record MemoryItem(String content, String type, String project) {
    }

    /** A thread head row. */
    record ThreadHead(String label, String sourceType, String latestAt, String sample, String nodeId, String project,
            String sessionKey, String harness) {
    }

    /** A {@code session_summaries} node for the temporal index. */
    record TemporalNode(String id, String kind, String sourceType, String depth, String latestAt, String project,
            String sessionKey, String sourceRef, String content) {
    }

    private final MemoryDatabase db;

    HeadSources(MemoryDatabase db) {
        this.db = db;
    }

    List<MemoryItem> topMemories(String agentId) {
        try {
            return db.read("Reading top memories", c -> {
                String[] scope = scopeClause(c, agentId);
                List<MemoryItem> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT m.content, m.type, m.importance, m.project"
                        + " FROM memories m WHERE m.is_deleted = 0 " + scope[0]
                        + " ORDER BY m.pinned DESC, m.importance DESC, m.created_at DESC LIMIT 8")) {
                    for (int i = 1; i < scope.length; i++) {
                        ps.setString(i, scope[i]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String project = rs.getString(4);
                            if (!SessionNoise.isTempProject(project)) {
                                out.add(new MemoryItem(rs.getString(1), rs.getString(2), project));
                            }
                        }
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            rethrowStorageFault(e);
            log.warn("Top memories of agent {} unavailable: {}", agentId, e.getMessage());
            return List.of();
        }
    }

    /** The read-policy clause and its parameters: [clause, params...]. */
    private static String[] scopeClause(Connection c, String agentId) {
        String policy = "isolated";
        String group = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT read_policy, policy_group FROM agents WHERE id = ?")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String p = rs.getString(1);
                    policy = JsWhitespace.isBlank(p) ? "isolated" : JsWhitespace.trim(p);
                    String g = rs.getString(2);
                    group = JsWhitespace.isBlank(g) ? null : JsWhitespace.trim(g);
                }
            }
        } catch (SQLException e) {
            policy = "isolated";
            group = null;
        }
        if (policy.equals("shared")) {
            return new String[] {"AND (m.visibility = 'global' OR m.agent_id = ?) AND m.visibility != 'archived'",
                    agentId};
        }
        if (policy.equals("group") && group != null) {
            return new String[] {"AND ((m.visibility = 'global' AND m.agent_id IN (SELECT id FROM agents"
                    + " WHERE policy_group = ?)) OR m.agent_id = ?) AND m.visibility != 'archived'", group, agentId};
        }
        return new String[] {"AND m.agent_id = ? AND m.visibility != 'archived'", agentId};
    }

    List<ThreadHead> threadHeads(String agentId) {
        try {
            return db.read("Reading thread heads", c -> {
                List<ThreadHead> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT label, source_type, latest_at, sample, node_id,"
                        + " project, session_key, harness FROM memory_thread_heads WHERE agent_id = ?"
                        + " ORDER BY latest_at DESC LIMIT 12")) {
                    ps.setString(1, agentId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ThreadHead h = new ThreadHead(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                    rs.getString(8));
                            if (!SessionNoise.isNoise(h.project(), h.sessionKey(), h.nodeId(), h.harness())) {
                                out.add(h);
                            }
                        }
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            rethrowStorageFault(e);
            log.warn("Thread heads of agent {} unavailable: {}", agentId, e.getMessage());
            return List.of();
        }
    }

    List<TemporalNode> temporalNodes(String agentId) {
        try {
            return db.read("Reading temporal nodes", c -> {
                List<TemporalNode> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, COALESCE(source_type, kind), depth,"
                        + " latest_at, project, session_key, source_ref, content FROM session_summaries"
                        + " WHERE agent_id = ? ORDER BY latest_at DESC LIMIT 20")) {
                    ps.setString(1, agentId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Object depth = rs.getObject(4);
                            TemporalNode n = new TemporalNode(rs.getString(1), rs.getString(2), rs.getString(3),
                                    depth instanceof Number d ? Long.toString(d.longValue()) : depth == null ? null : depth.toString(),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                    rs.getString(9));
                            if (!SessionNoise.isNoise(n.project(), n.sessionKey(), n.id(), null)) {
                                out.add(n);
                            }
                        }
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            rethrowStorageFault(e);
            log.warn("Temporal nodes of agent {} unavailable: {}", agentId, e.getMessage());
            return List.of();
        }
    }

    /**
     * The projection's reads tolerate odd databases (a missing table or column reads as no rows), but not
     * a storage fault: a damaged or locked {@code memories.db} must fail the render, not render a section
     * as empty. Also used by {@link LedgerBuilder}.
     */
    static void rethrowStorageFault(RuntimeException e) {
        if (e instanceof DatabaseException d && d.fault().isPresent()) {
            throw e;
        }
    }
}
