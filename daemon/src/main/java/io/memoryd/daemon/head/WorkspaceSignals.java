package io.memoryd.daemon.head;

import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.head.HeadRefusedException;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.memory.text.IsoTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SummarySignals} from the workspace's database: the newest live summary's end (else capture) time
 * per agent, and each head's stored update time. Agents whose ids cannot name a MEMORY.md path are left
 * out: the head writer would refuse them on every tick. A database failure reads as no signals (logged):
 * the hook API's events still count. Thread-safe (the database serializes access).
 */
public final class WorkspaceSignals implements SummarySignals {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceSignals.class);

    private final MemoryDatabase db;

    public WorkspaceSignals(MemoryDatabase db) {
        this.db = db;
    }

    @Override
    public Map<String, AgentSignal> read() {
        try {
            return db.read("Reading the head scheduler's signals", c -> {
                Map<String, Instant> ends = times(c, "SELECT agent_id, MAX(COALESCE(ended_at, captured_at))"
                        + " FROM memory_artifacts WHERE source_kind = 'summary' AND is_deleted = 0 GROUP BY agent_id");
                Map<String, Instant> heads = hasHeadsTable(c)
                        ? times(c, "SELECT agent_id, updated_at FROM memory_md_heads WHERE content_hash <> ''")
                        : Map.of();
                Map<String, AgentSignal> out = new HashMap<>();
                for (String id : union(ends, heads)) {
                    if (headable(id)) {
                        out.put(id, new AgentSignal(ends.get(id), heads.get(id)));
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            log.warn("head scheduler: reading summaries and heads failed: {}", e.getMessage());
            return Map.of();
        }
    }

    private static java.util.Set<String> union(Map<String, Instant> a, Map<String, Instant> b) {
        java.util.Set<String> ids = new java.util.HashSet<>(a.keySet());
        ids.addAll(b.keySet());
        return ids;
    }

    private static boolean headable(String id) {
        try {
            HeadWriter.agentFor(id);
            return id != null && !id.isBlank();
        } catch (HeadRefusedException e) {
            return false;
        }
    }

    private static boolean hasHeadsTable(java.sql.Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'memory_md_heads'")) {
            return rs.next();
        }
    }

    private static Map<String, Instant> times(java.sql.Connection c, String sql) throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String id = rs.getString(1);
                String time = rs.getString(2);
                if (id != null && time != null) {
                    IsoTime.parse(time, ZoneOffset.UTC).ifPresent(t -> out.put(id, t));
                }
            }
        }
        return out;
    }
}
