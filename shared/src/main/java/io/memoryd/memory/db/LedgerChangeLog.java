package io.memoryd.memory.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger change log: SQLite triggers on {@code memory_artifacts} record the (agent, session token) of
 * every summary, transcript or compaction row inserted, updated or deleted, whoever the writer is (this
 * process, a renderer, another memoryd, the reference program). A reader remembers the last sequence number
 * it saw and re-reads only the sessions changed since, instead of every ledger row of the agent. The log
 * prunes itself to its newest {@link #KEPT} entries; a reader that fell further behind, or a database
 * without the log (read-only, never migrated), reads everything again. Stateless, hence thread-safe.
 */
public final class LedgerChangeLog {

    /** How many of the newest entries the log keeps at least. */
    static final int KEPT = 50_000;
    private static final String KINDS = "('summary','transcript','compaction')";

    /** The schema step's statements (plain {@code INTEGER PRIMARY KEY}: pruning never removes the newest entry). */
    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS memoryd_ledger_changes (seq INTEGER PRIMARY KEY, agent_id TEXT,"
                    + " session_token TEXT)",
            "CREATE TRIGGER IF NOT EXISTS memoryd_ledger_changes_insert AFTER INSERT ON memory_artifacts"
                    + " WHEN NEW.source_kind IN " + KINDS + " BEGIN INSERT INTO memoryd_ledger_changes"
                    + " (agent_id, session_token) VALUES (NEW.agent_id, NEW.session_token); END",
            "CREATE TRIGGER IF NOT EXISTS memoryd_ledger_changes_delete AFTER DELETE ON memory_artifacts"
                    + " WHEN OLD.source_kind IN " + KINDS + " BEGIN INSERT INTO memoryd_ledger_changes"
                    + " (agent_id, session_token) VALUES (OLD.agent_id, OLD.session_token); END",
            // An update can move a row to another agent, session or kind: both sides are logged.
            "CREATE TRIGGER IF NOT EXISTS memoryd_ledger_changes_update AFTER UPDATE ON memory_artifacts"
                    + " WHEN OLD.source_kind IN " + KINDS + " OR NEW.source_kind IN " + KINDS
                    + " BEGIN INSERT INTO memoryd_ledger_changes (agent_id, session_token)"
                    + " VALUES (OLD.agent_id, OLD.session_token), (NEW.agent_id, NEW.session_token); END",
            "CREATE TRIGGER IF NOT EXISTS memoryd_ledger_changes_prune AFTER INSERT ON memoryd_ledger_changes"
                    + " WHEN NEW.seq % 1000 = 0 BEGIN DELETE FROM memoryd_ledger_changes"
                    + " WHERE seq <= NEW.seq - " + KEPT + "; END");

    /** The sessions of one agent changed since a sequence number, and the newest sequence number seen. */
    public record Changes(Set<String> sessionTokens, long upTo) {
    }

    private LedgerChangeLog() {
    }

    /**
     * The newest sequence number in the log (0 while it is empty), or -1 when the database has no log: a
     * reader starting from scratch remembers it before reading the rows.
     */
    public static long head(Connection c) throws SQLException {
        if (!exists(c)) {
            return -1;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT max(seq) FROM memoryd_ledger_changes");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * The session tokens (null for a NULL token) of {@code agentId} changed after {@code since}; empty when
     * the log cannot tell (no log, pruned past {@code since}, or reset), and the reader must read everything.
     */
    public static Optional<Changes> since(Connection c, String agentId, long since) throws SQLException {
        if (since < 0 || !exists(c)) {
            return Optional.empty();
        }
        long min;
        long max;
        // min and max of the primary key are two index look-ups; count(*) would walk the table
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT min(seq) FROM memoryd_ledger_changes), (SELECT max(seq) FROM memoryd_ledger_changes)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            min = rs.getLong(1);
            if (rs.wasNull()) {
                return since == 0 ? Optional.of(new Changes(Set.of(), 0)) : Optional.empty();
            }
            max = rs.getLong(2);
        }
        if (max < since || min > since + 1) {
            return Optional.empty();
        }
        Set<String> tokens = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT session_token FROM memoryd_ledger_changes"
                + " WHERE seq > ? AND seq <= ? AND agent_id = ?")) {
            ps.setLong(1, since);
            ps.setLong(2, max);
            ps.setString(3, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(rs.getString(1));
                }
            }
        }
        return Optional.of(new Changes(tokens, max));
    }

    private static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'memoryd_ledger_changes_update'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }
}
