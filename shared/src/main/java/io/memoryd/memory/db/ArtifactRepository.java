package io.memoryd.memory.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SQL over {@code memory_artifacts} and {@code memory_artifact_tombstones}. Methods take a
 * {@link Connection} so callers compose them inside one {@link MemoryDatabase#write} transaction.
 */
public final class ArtifactRepository {

    private static final String UPSERT = "INSERT INTO memory_artifacts (agent_id, source_path, source_sha256,"
            + " source_kind, session_id, session_key, session_token, project, harness, captured_at, started_at,"
            + " ended_at, manifest_path, source_node_id, memory_sentence, memory_sentence_quality, content,"
            + " updated_at, source_mtime_ms, is_deleted, deleted_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,NULL)"
            + " ON CONFLICT(agent_id, source_path) DO UPDATE SET source_sha256 = excluded.source_sha256,"
            + " source_kind = excluded.source_kind, session_id = excluded.session_id,"
            + " session_key = excluded.session_key, session_token = excluded.session_token,"
            + " project = excluded.project, harness = excluded.harness, captured_at = excluded.captured_at,"
            + " started_at = excluded.started_at, ended_at = excluded.ended_at,"
            + " manifest_path = excluded.manifest_path, source_node_id = excluded.source_node_id,"
            + " memory_sentence = excluded.memory_sentence,"
            + " memory_sentence_quality = excluded.memory_sentence_quality, content = excluded.content,"
            + " updated_at = excluded.updated_at, source_mtime_ms = excluded.source_mtime_ms,"
            + " is_deleted = 0, deleted_at = NULL";

    private ArtifactRepository() {
    }

    /** Inserts or replaces the row keyed by (agent, path), clearing any soft delete. */
    public static void upsert(Connection c, ArtifactRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            bindUpsert(ps, row);
            ps.executeUpdate();
        }
    }

    /** A statement cache for the many upserts and deletes of one index transaction. */
    public static final class Batch implements AutoCloseable {
        private final Connection connection;
        private PreparedStatement upsert;
        private PreparedStatement deleteAny;
        private PreparedStatement deleteForAgent;

        public Batch(Connection connection) {
            this.connection = connection;
        }

        public void upsert(ArtifactRow row) throws SQLException {
            if (upsert == null) {
                upsert = connection.prepareStatement(UPSERT);
            }
            bindUpsert(upsert, row);
            upsert.executeUpdate();
        }

        /** Hard-deletes rows stored under either spelling of a path, for one agent or (null) all agents. */
        public int deletePath(String relativePath, String slashPath, String agentIdOrNull) throws SQLException {
            int deleted = 0;
            for (String spelling : relativePath.equals(slashPath)
                    ? List.of(relativePath) : List.of(relativePath, slashPath)) {
                PreparedStatement ps;
                if (agentIdOrNull == null) {
                    if (deleteAny == null) {
                        deleteAny = connection.prepareStatement("DELETE FROM memory_artifacts WHERE source_path = ?");
                    }
                    ps = deleteAny;
                    ps.setString(1, spelling);
                } else {
                    if (deleteForAgent == null) {
                        deleteForAgent = connection.prepareStatement(
                                "DELETE FROM memory_artifacts WHERE source_path = ? AND agent_id = ?");
                    }
                    ps = deleteForAgent;
                    ps.setString(1, spelling);
                    ps.setString(2, agentIdOrNull);
                }
                deleted += ps.executeUpdate();
            }
            return deleted;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {upsert, deleteAny, deleteForAgent}) {
                if (ps != null) {
                    ps.close();
                }
            }
        }
    }

    /** Soft-deletes live rows of a path (both spellings); a later upsert clears the flag. */
    public static int softDeletePath(Connection c, String relativePath, String slashPath, String agentIdOrNull,
            String deletedAt) throws SQLException {
        int updated = 0;
        String sql = "UPDATE memory_artifacts SET is_deleted = 1, deleted_at = ?, updated_at = ?"
                + " WHERE source_path = ? AND COALESCE(is_deleted, 0) = 0"
                + (agentIdOrNull == null ? "" : " AND agent_id = ?");
        for (String spelling : relativePath.equals(slashPath)
                ? List.of(relativePath) : List.of(relativePath, slashPath)) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, deletedAt);
                ps.setString(2, deletedAt);
                ps.setString(3, spelling);
                if (agentIdOrNull != null) {
                    ps.setString(4, agentIdOrNull);
                }
                updated += ps.executeUpdate();
            }
        }
        return updated;
    }

    /** Stored paths of every row in a scope (null = all agents), for cold-start seeding. */
    public static List<ScopedPath> scopePaths(Connection c, String agentIdOrNull) throws SQLException {
        String sql = "SELECT agent_id, source_path FROM memory_artifacts"
                + (agentIdOrNull == null ? "" : " WHERE agent_id = ?");
        List<ScopedPath> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (agentIdOrNull != null) {
                ps.setString(1, agentIdOrNull);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScopedPath(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** A stored row's key. */
    public record ScopedPath(String agentId, String sourcePath) {
    }

    /** Tombstoned session tokens of one agent, or of all agents when null. */
    public static Set<String> tombstonedTokens(Connection c, String agentIdOrNull) throws SQLException {
        String sql = "SELECT session_token FROM memory_artifact_tombstones"
                + (agentIdOrNull == null ? "" : " WHERE agent_id = ?");
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (agentIdOrNull != null) {
                ps.setString(1, agentIdOrNull);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Path of the oldest manifest row of a session id (soft-deleted rows included), if any. */
    public static String manifestPathForSession(Connection c, String agentId, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT source_path FROM memory_artifacts"
                + " WHERE agent_id = ? AND source_kind = 'manifest' AND session_id = ?"
                + " ORDER BY captured_at ASC LIMIT 1")) {
            ps.setString(1, agentId);
            ps.setString(2, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Stored paths of every row of a session (all kinds). */
    public static List<String> sessionPaths(Connection c, String agentId, String token) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source_path FROM memory_artifacts"
                + " WHERE agent_id = ? AND session_token = ? ORDER BY source_path")) {
            ps.setString(1, agentId);
            ps.setString(2, token);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Writes (or replaces) a session's tombstone and deletes all its rows. */
    public static void tombstoneSession(Connection c, String agentId, String token, String removedAt, String reason,
            String removedPathsJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO memory_artifact_tombstones"
                + " (agent_id, session_token, removed_at, reason, removed_paths) VALUES (?,?,?,?,?)"
                + " ON CONFLICT(agent_id, session_token) DO UPDATE SET removed_at = excluded.removed_at,"
                + " reason = excluded.reason, removed_paths = excluded.removed_paths")) {
            ps.setString(1, agentId);
            ps.setString(2, token);
            ps.setString(3, removedAt);
            ps.setString(4, reason);
            ps.setString(5, removedPathsJson);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM memory_artifacts WHERE agent_id = ? AND session_token = ?")) {
            ps.setString(1, agentId);
            ps.setString(2, token);
            ps.executeUpdate();
        }
    }

    private static void bindUpsert(PreparedStatement ps, ArtifactRow r) throws SQLException {
        ps.setString(1, r.agentId());
        ps.setString(2, r.sourcePath());
        ps.setString(3, r.sourceSha256());
        ps.setString(4, r.sourceKind());
        ps.setString(5, r.sessionId());
        ps.setString(6, r.sessionKey());
        ps.setString(7, r.sessionToken());
        ps.setString(8, r.project());
        ps.setString(9, r.harness());
        ps.setString(10, r.capturedAt());
        ps.setString(11, r.startedAt());
        ps.setString(12, r.endedAt());
        ps.setString(13, r.manifestPath());
        ps.setString(14, r.sourceNodeId());
        ps.setString(15, r.memorySentence());
        ps.setString(16, r.memorySentenceQuality());
        ps.setString(17, r.content());
        ps.setString(18, r.updatedAt());
        if (r.sourceMtimeMs() == null) {
            ps.setNull(19, Types.REAL);
        } else {
            ps.setDouble(19, r.sourceMtimeMs());
        }
    }
}
