package io.memoryd.memory.db;

import static io.memoryd.memory.db.SchemaMigratorTest.dump;
import static io.memoryd.memory.db.SchemaMigratorTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.WrittenArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrating a database whose tables were made by the reference (docs/format.md §3.6):
 * only missing columns and tables are added, nothing existing is dropped or rewritten.
 */
class ReferenceDatabaseMigrationTest {

    private static final String ARTIFACT_ROW = "default | memory/2026-04-01T10-00-00.000Z--yruajzz2ynbltkjz--summary.md"
            + " | abc123 | summary | sess-1 | sess-1 | yruajzz2ynbltkjz | /home/u/proj | codex"
            + " | 2026-04-01T10:00:00.000Z | NULL | 2026-04-01T10:00:00.000Z"
            + " | memory/2026-04-01T10-00-00.000Z--yruajzz2ynbltkjz--manifest.md | NULL | A reference sentence. | ok"
            + " | Reference body. | 2026-04-01T10:00:01.000Z";

    private final MutableClock clock = MutableClock.at("2026-04-30T12:00:00.000Z");

    @TempDir
    Path root;

    private Path dbFile;

    /** Tables shaped like the reference's (migrations 001, 029, 043, 051 — before 61/62), with rows. */
    @BeforeEach
    void createReferenceShapedDatabase() throws Exception {
        dbFile = root.resolve("memory/memories.db");
        Files.createDirectories(dbFile.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE memory_artifacts (agent_id TEXT NOT NULL DEFAULT 'default',"
                    + " source_path TEXT NOT NULL, source_sha256 TEXT NOT NULL, source_kind TEXT NOT NULL,"
                    + " session_id TEXT NOT NULL, session_key TEXT, session_token TEXT NOT NULL, project TEXT,"
                    + " harness TEXT, captured_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, manifest_path TEXT,"
                    + " source_node_id TEXT, memory_sentence TEXT, memory_sentence_quality TEXT,"
                    + " content TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, PRIMARY KEY (agent_id, source_path))");
            st.execute("INSERT INTO memory_artifacts VALUES ('default',"
                    + " 'memory/2026-04-01T10-00-00.000Z--yruajzz2ynbltkjz--summary.md', 'abc123', 'summary', 'sess-1',"
                    + " 'sess-1', 'yruajzz2ynbltkjz', '/home/u/proj', 'codex', '2026-04-01T10:00:00.000Z', NULL,"
                    + " '2026-04-01T10:00:00.000Z', 'memory/2026-04-01T10-00-00.000Z--yruajzz2ynbltkjz--manifest.md',"
                    + " NULL, 'A reference sentence.', 'ok', 'Reference body.', '2026-04-01T10:00:01.000Z')");
            st.execute("CREATE VIRTUAL TABLE memory_artifacts_fts USING fts5(content, source_path,"
                    + " content='memory_artifacts', content_rowid='rowid')");
            st.execute("CREATE TRIGGER memory_artifacts_ai AFTER INSERT ON memory_artifacts BEGIN"
                    + " INSERT INTO memory_artifacts_fts(rowid, content, source_path)"
                    + " VALUES (new.rowid, new.content, new.source_path); END");
            st.execute("CREATE TRIGGER memory_artifacts_ad AFTER DELETE ON memory_artifacts BEGIN"
                    + " INSERT INTO memory_artifacts_fts(memory_artifacts_fts, rowid, content, source_path)"
                    + " VALUES ('delete', old.rowid, old.content, old.source_path); END");
            st.execute("CREATE TRIGGER memory_artifacts_au AFTER UPDATE ON memory_artifacts BEGIN"
                    + " INSERT INTO memory_artifacts_fts(memory_artifacts_fts, rowid, content, source_path)"
                    + " VALUES ('delete', old.rowid, old.content, old.source_path);"
                    + " INSERT INTO memory_artifacts_fts(rowid, content, source_path)"
                    + " VALUES (new.rowid, new.content, new.source_path); END");
            st.execute("INSERT INTO memory_artifacts_fts(memory_artifacts_fts) VALUES ('rebuild')");
            st.execute("CREATE TABLE memories (id TEXT PRIMARY KEY, type TEXT NOT NULL, category TEXT,"
                    + " content TEXT NOT NULL, confidence REAL DEFAULT 1.0, tags TEXT, created_at TEXT NOT NULL,"
                    + " updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, vector_clock TEXT NOT NULL DEFAULT '{}',"
                    + " importance REAL DEFAULT 0.5, pinned INTEGER DEFAULT 0, is_deleted INTEGER DEFAULT 0,"
                    + " agent_id TEXT DEFAULT 'default')");
            st.execute("INSERT INTO memories VALUES ('m-1', 'preference', 'ui', 'User likes dark mode', 0.9,"
                    + " '[\"ui\"]', '2026-04-01T09:00:00.000Z', '2026-04-02T09:00:00.000Z', 'alice', '{\"a\":1}',"
                    + " 0.8, 1, 0, 'default')");
            st.execute("CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT, read_policy TEXT NOT NULL DEFAULT"
                    + " 'isolated', policy_group TEXT, created_at TEXT, updated_at TEXT)");
            st.execute("INSERT INTO agents VALUES ('alice', 'Alice', 'group', 'team', '2026-01-01', '2026-01-02')");
            st.execute("CREATE TABLE session_summaries (id TEXT PRIMARY KEY, project TEXT, depth INTEGER NOT NULL"
                    + " DEFAULT 0, kind TEXT NOT NULL DEFAULT 'session', content TEXT NOT NULL DEFAULT '',"
                    + " latest_at TEXT, earliest_at TEXT, session_key TEXT, harness TEXT, agent_id TEXT NOT NULL"
                    + " DEFAULT 'default', created_at TEXT)");
            st.execute("INSERT INTO session_summaries VALUES ('node-1', '/home/u/proj', 0, 'session',"
                    + " 'Worked on the parser.', '2026-04-01T10:00:00.000Z', NULL, 'sess-1', 'codex', 'default',"
                    + " '2026-04-01T10:00:00.000Z')");
        }
    }

    private static List<String> columns(MemoryDatabase db, String table) {
        return rows(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + table + "')");
    }

    private static List<String> withAppended(List<String> before, String... added) {
        List<String> out = new ArrayList<>(before);
        out.addAll(List.of(added));
        return out;
    }

    @Test
    @DisplayName("memory_artifacts only gains the missing source_mtime_ms, is_deleted and deleted_at")
    void addsOnlyMissingArtifactColumns() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            List<String> before = columns(db, "memory_artifacts");
            new SchemaMigrator(clock).migrate(db);
            assertEquals(withAppended(before, "source_mtime_ms | REAL | 0 | NULL | 0",
                    "is_deleted | INTEGER | 1 | 0 | 0", "deleted_at | TEXT | 0 | NULL | 0"),
                    columns(db, "memory_artifacts"));
        }
    }

    @Test
    @DisplayName("the existing memory_artifacts row is kept untouched (new columns at their defaults)")
    void keepsExistingArtifactRows() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            new SchemaMigrator(clock).migrate(db);
            assertEquals(List.of(ARTIFACT_ROW + " | NULL | 0 | NULL"), rows(db, "SELECT * FROM memory_artifacts"));
        }
    }

    @Test
    @DisplayName("memories keeps its extra columns and its row, and gains only project and visibility")
    void keepsMemoriesExtraColumnsAndRow() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            List<String> before = columns(db, "memories");
            List<String> row = rows(db, "SELECT * FROM memories");
            new SchemaMigrator(clock).migrate(db);
            assertEquals(withAppended(before, "project | TEXT | 0 | NULL | 0", "visibility | TEXT | 0 | 'global' | 0"),
                    columns(db, "memories"));
            assertEquals(List.of(row.get(0) + " | NULL | global"), rows(db, "SELECT * FROM memories"));
        }
    }

    @Test
    @DisplayName("the existing agents table and its row are kept; no default row is added to it")
    void keepsExistingAgentsTableAndRow() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            List<String> before = columns(db, "agents");
            new SchemaMigrator(clock).migrate(db);
            assertEquals(before, columns(db, "agents"));
            assertEquals(List.of("alice | Alice | group | team | 2026-01-01 | 2026-01-02"),
                    rows(db, "SELECT * FROM agents"));
        }
    }

    @Test
    @DisplayName("E4: session_summaries rows are not rewritten and no thread heads are derived from them")
    void doesNotBackfillLikeTheReference() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            new SchemaMigrator(clock).migrate(db);
            assertEquals(List.of("node-1 | NULL | NULL | default"),
                    rows(db, "SELECT id, source_type, source_ref, agent_id FROM session_summaries"));
            assertEquals(List.of("0"), rows(db, "SELECT count(*) FROM memory_thread_heads"));
        }
    }

    @Test
    @DisplayName("the migration records itself in memoryd_schema and every needed table exists")
    void recordsItselfAndCompletesTheSchema() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            assertEquals(9, new SchemaMigrator(clock).migrate(db));
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"),
                    rows(db, "SELECT version FROM memoryd_schema ORDER BY version"));
            assertEquals(List.of(), SchemaMigrator.missingTables(db));
        }
    }

    @Test
    @DisplayName("a second run on the migrated reference database changes nothing")
    void secondRunOnReferenceDatabaseIsANoOp() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            new SchemaMigrator(clock).migrate(db);
            List<String> before = dump(db);
            assertEquals(0, new SchemaMigrator(clock).migrate(db));
            assertEquals(before, dump(db));
        }
    }

    @Test
    @DisplayName("the reference database is switched to WAL mode on open")
    void referenceDatabaseRunsInWalMode() {
        try (MemoryDatabase db = MemoryDatabase.open(dbFile)) {
            assertEquals(List.of("wal"), rows(db, "PRAGMA journal_mode"));
        }
    }

    @Test
    @DisplayName("a workspace on the reference database writes through its FTS triggers and shows its memory")
    void workspaceWorksOnTheReferenceDatabase() {
        try (TestWorkspace t = TestWorkspace.open(root, clock)) {
            WrittenArtifact w = t.ws.writer().writeSummary(TestWorkspace.session("default", "sess-9", "/home/u/proj",
                    "2026-04-29T10:00:00.000Z", "Fixed the flaky scheduler test."));
            assertEquals(List.of(w.artifactPath()), t.column("SELECT source_path FROM memory_artifacts_fts"
                    + " WHERE memory_artifacts_fts MATCH 'flaky'"));
            String content = t.render("default").content();
            assertTrue(content.contains("- [preference] User likes dark mode"), content);
            assertTrue(content.contains("session=sess-9"), content);
        }
    }
}
