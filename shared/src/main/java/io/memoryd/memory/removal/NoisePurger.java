package io.memoryd.memory.removal;

import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.noise.SessionNoise;
import io.memoryd.memory.text.JsWhitespace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Removes temp/test sessions of an agent (docs/format.md §7.3–7.4). */
public final class NoisePurger {

    /** The reason recorded when a render's automatic cleanup removes a session. */
    public static final String AUTOMATIC_REASON = "automatic projection cleanup for temp/test sessions";

    /** The columns of one artifact row that decide noise. */
    record Row(String sessionId, String sessionKey, String project, String harness) {
    }

    private final MemoryDatabase db;
    private final SessionRemover remover;

    public NoisePurger(MemoryDatabase db, SessionRemover remover) {
        this.db = db;
        this.remover = remover;
    }

    /** Removes every noise session of the agent; sessions with only a manifest are never considered. */
    public int purge(String agentId, String reason) {
        Map<String, List<Row>> groups = db.read("Reading purge candidates", c -> {
            Map<String, List<Row>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT session_token, session_id, session_key, project,"
                    + " harness FROM memory_artifacts WHERE agent_id = ?"
                    + " AND source_kind IN ('summary','transcript','compaction') ORDER BY session_token")) {
                ps.setString(1, agentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                                .add(new Row(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return out;
        });
        int removed = 0;
        for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
            if (isNoiseGroup(group.getValue())) {
                remover.remove(agentId, group.getKey(), reason);
                removed++;
            }
        }
        return removed;
    }

    static boolean isNoiseGroup(List<Row> rows) {
        boolean realProject = false;
        for (Row r : rows) {
            if (SessionNoise.isTempProject(r.project())) {
                return true;
            }
            if (!JsWhitespace.isBlank(r.project())) {
                realProject = true;
            }
        }
        if (realProject) {
            return false;
        }
        for (Row r : rows) {
            if (SessionNoise.isNoise(null, r.sessionKey(), r.sessionId(), r.harness())) {
                return true;
            }
        }
        return false;
    }
}
