package io.memoryd.memory.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import io.memoryd.memory.text.IsoTime;

/**
 * Brings a database to the schema memoryd needs. Every step creates only what is absent (tables, columns,
 * indexes), so the same code upgrades an empty file and a database made by the reference, and nothing it
 * did not create is dropped or rewritten. Applied steps are recorded in memoryd's own
 * {@code memoryd_schema} table.
 */
public final class SchemaMigrator {

    /** One idempotent schema step. */
    private record Step(int version, String name, List<String> statements, List<Column> columns) {
    }

    /** A column that must exist; added with {@code ALTER TABLE} when missing. */
    private record Column(String table, String name, String definition) {
    }

    private static final List<Step> STEPS = List.of(
            new Step(1, "memory_artifacts", List.of(
                    "CREATE TABLE IF NOT EXISTS memory_artifacts ("
                            + "agent_id TEXT NOT NULL DEFAULT 'default', source_path TEXT NOT NULL,"
                            + " source_sha256 TEXT NOT NULL, source_kind TEXT NOT NULL, session_id TEXT NOT NULL,"
                            + " session_key TEXT, session_token TEXT NOT NULL, project TEXT, harness TEXT,"
                            + " captured_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, manifest_path TEXT,"
                            + " source_node_id TEXT, memory_sentence TEXT, memory_sentence_quality TEXT,"
                            + " content TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL,"
                            + " PRIMARY KEY (agent_id, source_path))"),
                    List.of(new Column("memory_artifacts", "source_mtime_ms", "REAL"),
                            new Column("memory_artifacts", "is_deleted", "INTEGER NOT NULL DEFAULT 0"),
                            new Column("memory_artifacts", "deleted_at", "TEXT"))),
            new Step(2, "memory_artifacts indexes", List.of(
                    "CREATE INDEX IF NOT EXISTS idx_memory_artifacts_agent_kind"
                            + " ON memory_artifacts(agent_id, source_kind, captured_at DESC)",
                    "CREATE INDEX IF NOT EXISTS idx_memory_artifacts_agent_session"
                            + " ON memory_artifacts(agent_id, session_token, captured_at DESC)",
                    "CREATE INDEX IF NOT EXISTS idx_memory_artifacts_agent_membership"
                            + " ON memory_artifacts(agent_id, COALESCE(ended_at, captured_at) DESC)",
                    "CREATE INDEX IF NOT EXISTS idx_memory_artifacts_agent_deleted"
                            + " ON memory_artifacts(agent_id, is_deleted, deleted_at)"),
                    List.of()),
            new Step(3, "memory_artifact_tombstones", List.of(
                    "CREATE TABLE IF NOT EXISTS memory_artifact_tombstones ("
                            + "agent_id TEXT NOT NULL DEFAULT 'default', session_token TEXT NOT NULL,"
                            + " removed_at TEXT NOT NULL, reason TEXT NOT NULL, removed_paths TEXT NOT NULL,"
                            + " PRIMARY KEY (agent_id, session_token))"),
                    List.of()),
            new Step(4, "projection source tables", List.of(
                    "CREATE TABLE IF NOT EXISTS memories (id TEXT PRIMARY KEY, content TEXT NOT NULL,"
                            + " type TEXT NOT NULL DEFAULT 'fact', importance REAL DEFAULT 0.5, project TEXT,"
                            + " pinned INTEGER DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT,"
                            + " is_deleted INTEGER DEFAULT 0, deleted_at TEXT, agent_id TEXT DEFAULT 'default',"
                            + " visibility TEXT DEFAULT 'global', source_type TEXT, source_id TEXT)",
                    "CREATE TABLE IF NOT EXISTS memory_thread_heads (agent_id TEXT NOT NULL DEFAULT 'default',"
                            + " thread_key TEXT NOT NULL, label TEXT NOT NULL, project TEXT, session_key TEXT,"
                            + " source_type TEXT DEFAULT 'summary', source_ref TEXT, harness TEXT, node_id TEXT,"
                            + " latest_at TEXT, sample TEXT, updated_at TEXT, PRIMARY KEY (agent_id, thread_key))",
                    "CREATE TABLE IF NOT EXISTS session_summaries (id TEXT PRIMARY KEY, project TEXT,"
                            + " depth INTEGER NOT NULL DEFAULT 0, kind TEXT NOT NULL DEFAULT 'session',"
                            + " content TEXT NOT NULL DEFAULT '', latest_at TEXT, earliest_at TEXT,"
                            + " session_key TEXT, harness TEXT, agent_id TEXT NOT NULL DEFAULT 'default',"
                            + " source_type TEXT, source_ref TEXT, created_at TEXT)"),
                    List.of(new Column("memories", "type", "TEXT NOT NULL DEFAULT 'fact'"),
                            new Column("memories", "importance", "REAL DEFAULT 0.5"),
                            new Column("memories", "project", "TEXT"),
                            new Column("memories", "pinned", "INTEGER DEFAULT 0"),
                            new Column("memories", "is_deleted", "INTEGER DEFAULT 0"),
                            new Column("memories", "agent_id", "TEXT DEFAULT 'default'"),
                            new Column("memories", "visibility", "TEXT DEFAULT 'global'"),
                            new Column("session_summaries", "source_type", "TEXT"),
                            new Column("session_summaries", "source_ref", "TEXT"),
                            new Column("session_summaries", "agent_id", "TEXT NOT NULL DEFAULT 'default'"))),
            new Step(5, "agents", List.of(), List.of()),
            new Step(6, "memoryd_index_fingerprints", List.of(
                    "CREATE TABLE IF NOT EXISTS memoryd_index_fingerprints (scope TEXT NOT NULL,"
                            + " source_path TEXT NOT NULL, size INTEGER NOT NULL, inode INTEGER NOT NULL,"
                            + " mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, outcome TEXT NOT NULL,"
                            + " PRIMARY KEY (scope, source_path)) WITHOUT ROWID"),
                    List.of()),
            // The agent a file's front matter names, so that a scope's first pass can skip files another
            // scope already found to be some other agent's and unchanged since.
            new Step(7, "fingerprint file agents", List.of(),
                    List.of(new Column("memoryd_index_fingerprints", "file_agent", "TEXT"))),
            // The reference's head table (its migration 45, same DDL), so that a workspace memoryd created
            // carries MEMORY.md leases and revisions both programs honour.
            new Step(8, "memory_md_heads", List.of(
                    "CREATE TABLE IF NOT EXISTS memory_md_heads (agent_id TEXT PRIMARY KEY,"
                            + " content TEXT NOT NULL DEFAULT '', content_hash TEXT NOT NULL DEFAULT '',"
                            + " revision INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL, lease_token TEXT,"
                            + " lease_owner TEXT, lease_expires_at TEXT)",
                    "CREATE INDEX IF NOT EXISTS idx_memory_md_heads_lease ON memory_md_heads(lease_expires_at)"),
                    List.of()),
            new Step(9, "ledger change log", LedgerChangeLog.DDL, List.of()));

    private static final Set<Integer> VERSIONS = STEPS.stream().map(Step::version).collect(Collectors.toSet());

    private final Clock clock;

    public SchemaMigrator(Clock clock) {
        this.clock = clock;
    }

    /**
     * Applies every step not yet recorded, in one write transaction. Returns how many steps ran. A database
     * that has every step takes no write at all, so a read-only or write-locked {@code memories.db} still
     * opens and serves reads.
     */
    public int migrate(MemoryDatabase db) {
        boolean current = db.read("Checking the schema version", connection ->
                tableExists(connection, "memoryd_schema") && appliedVersions(connection).containsAll(VERSIONS));
        if (current) {
            return 0;
        }
        return db.write("Migrating the schema", connection -> {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS memoryd_schema (version INTEGER PRIMARY KEY,"
                        + " name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            Set<Integer> applied = appliedVersions(connection);
            int ran = 0;
            for (Step step : STEPS) {
                if (applied.contains(step.version())) {
                    continue;
                }
                apply(connection, step);
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO memoryd_schema(version, name, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, step.version());
                    ps.setString(2, step.name());
                    ps.setString(3, IsoTime.format(clock.instant()));
                    ps.executeUpdate();
                }
                ran++;
            }
            return ran;
        });
    }

    /** The schema versions this memoryd knows and records in {@code memoryd_schema} (1, 2, ...). */
    public static Set<Integer> knownVersions() {
        return Set.copyOf(VERSIONS);
    }

    /** Whether every table the index and the renderer need is present (a read-only check). */
    public static List<String> missingTables(MemoryDatabase db) {
        return db.read("Checking the schema", connection -> {
            List<String> missing = new java.util.ArrayList<>();
            for (String table : List.of("memory_artifacts", "memory_artifact_tombstones", "memories",
                    "memory_thread_heads", "session_summaries", "agents", "memoryd_index_fingerprints")) {
                if (!tableExists(connection, table)) {
                    missing.add(table);
                }
            }
            return missing;
        });
    }

    private void apply(Connection connection, Step step) throws SQLException {
        if (step.version() == 5) {
            applyAgents(connection);
            return;
        }
        try (Statement st = connection.createStatement()) {
            for (String sql : step.statements()) {
                st.execute(sql);
            }
        }
        for (Column column : step.columns()) {
            if (!columnExists(connection, column.table(), column.name())) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ALTER TABLE " + column.table() + " ADD COLUMN " + column.name() + " "
                            + column.definition());
                }
            }
        }
    }

    /** The agents table; seeded with {@code default} (shared read policy) only when memoryd creates it. */
    private void applyAgents(Connection connection) throws SQLException {
        if (tableExists(connection, "agents")) {
            if (!columnExists(connection, "agents", "read_policy")) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ALTER TABLE agents ADD COLUMN read_policy TEXT NOT NULL DEFAULT 'isolated'");
                }
            }
            if (!columnExists(connection, "agents", "policy_group")) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ALTER TABLE agents ADD COLUMN policy_group TEXT");
                }
            }
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT,"
                    + " read_policy TEXT NOT NULL DEFAULT 'isolated', policy_group TEXT,"
                    + " created_at TEXT, updated_at TEXT)");
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO agents(id, name, read_policy, created_at, updated_at)"
                        + " VALUES ('default', 'default', 'shared', ?, ?)")) {
            String now = IsoTime.format(clock.instant());
            ps.setString(1, now);
            ps.setString(2, now);
            ps.executeUpdate();
        }
    }

    private static Set<Integer> appliedVersions(Connection connection) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM memoryd_schema")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean columnExists(Connection connection, String table, String column) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equalsIgnoreCase(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
