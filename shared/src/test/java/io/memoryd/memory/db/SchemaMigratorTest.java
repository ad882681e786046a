package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.MutableClock;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema migrations on an empty database (docs/format.md §3.6). */
class SchemaMigratorTest {

    static final List<String> TABLES = List.of("memory_artifacts", "memory_artifact_tombstones", "memories",
            "memory_thread_heads", "session_summaries", "agents", "memoryd_index_fingerprints");

    private final MutableClock clock = MutableClock.at("2026-04-30T12:00:00.000Z");

    @TempDir
    Path dir;

    /** Every row of a query, each as its columns joined by " | " (NULL as "NULL"). */
    static List<String> rows(MemoryDatabase db, String sql) {
        return db.read("test query", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> cols = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        cols.add(String.valueOf(rs.getObject(i) == null ? "NULL" : rs.getObject(i)));
                    }
                    out.add(String.join(" | ", cols));
                }
            }
            return out;
        });
    }

    /** The whole schema plus every row of every table, to compare two states of a database. */
    static List<String> dump(MemoryDatabase db) {
        List<String> out = new ArrayList<>(rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master"
                + " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"));
        for (String table : rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name")) {
            out.add("-- " + table);
            out.addAll(rows(db, "SELECT * FROM \"" + table + "\" ORDER BY 1, 2"));
        }
        return out;
    }

    @Test
    @DisplayName("an empty database gets every table memoryd needs")
    void createsEveryTableOnAnEmptyDatabase() {
        try (MemoryDatabase db = MemoryDatabase.open(dir.resolve("memories.db"))) {
            assertEquals(9, new SchemaMigrator(clock).migrate(db));
            assertEquals(List.of(), SchemaMigrator.missingTables(db));
            for (String column : List.of("source_mtime_ms", "is_deleted", "deleted_at")) {
                assertEquals(1, rows(db, "SELECT 1 FROM pragma_table_info('memory_artifacts') WHERE name = '"
                        + column + "'").size(), column);
            }
        }
    }

    @Test
    @DisplayName("every applied step is recorded in memoryd_schema")
    void recordsItselfInMemorydSchema() {
        try (MemoryDatabase db = MemoryDatabase.open(dir.resolve("memories.db"))) {
            new SchemaMigrator(clock).migrate(db);
            List<String> recorded = rows(db, "SELECT version, applied_at FROM memoryd_schema ORDER BY version");
            assertEquals(9, recorded.size());
            for (int v = 1; v <= 6; v++) {
                assertEquals(v + " | 2026-04-30T12:00:00.000Z", recorded.get(v - 1));
            }
        }
    }

    @Test
    @DisplayName("an agents table memoryd creates is seeded with default (shared)")
    void seedsDefaultAgentWhenItCreatesTheAgentsTable() {
        try (MemoryDatabase db = MemoryDatabase.open(dir.resolve("memories.db"))) {
            new SchemaMigrator(clock).migrate(db);
            assertEquals(List.of("default | shared | NULL"), rows(db, "SELECT id, read_policy, policy_group FROM agents"));
        }
    }

    @Test
    @DisplayName("a second run is a no-op (nothing runs, schema and rows unchanged)")
    void secondRunIsANoOp() {
        try (MemoryDatabase db = MemoryDatabase.open(dir.resolve("memories.db"))) {
            SchemaMigrator migrator = new SchemaMigrator(clock);
            migrator.migrate(db);
            List<String> before = dump(db);
            clock.advance(java.time.Duration.ofDays(1));
            assertEquals(0, migrator.migrate(db));
            assertEquals(before, dump(db));
        }
    }

    @Test
    @DisplayName("reopening a migrated database and migrating again changes nothing")
    void migratingAfterReopenIsANoOp() {
        Path file = dir.resolve("memories.db");
        List<String> before;
        try (MemoryDatabase db = MemoryDatabase.open(file)) {
            new SchemaMigrator(clock).migrate(db);
            before = dump(db);
        }
        try (MemoryDatabase db = MemoryDatabase.open(file)) {
            assertEquals(0, new SchemaMigrator(clock).migrate(db));
            assertEquals(before, dump(db));
        }
    }

    @Test
    @DisplayName("the database runs in WAL mode (PRAGMA journal_mode returns wal)")
    void runsInWalMode() {
        try (MemoryDatabase db = MemoryDatabase.open(dir.resolve("memories.db"))) {
            assertEquals(List.of("wal"), rows(db, "PRAGMA journal_mode"));
        }
    }

    @Test
    @DisplayName("a database file created elsewhere in rollback-journal mode is switched to WAL on open")
    void switchesAnExistingDatabaseToWal() throws Exception {
        Path file = dir.resolve("memories.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                var st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=DELETE");
            st.execute("CREATE TABLE t (x)");
        }
        try (MemoryDatabase db = MemoryDatabase.open(file)) {
            assertEquals(List.of("wal"), rows(db, "PRAGMA journal_mode"));
            assertTrue(rows(db, "SELECT name FROM sqlite_master").contains("t"));
        }
    }
}
