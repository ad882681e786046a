package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger change log names the sessions changed since a position, or says it cannot tell. */
class LedgerChangeLogTest {

    @TempDir
    Path dir;
    MemoryDatabase db;

    @BeforeEach
    void open() {
        db = MemoryDatabase.open(dir.resolve("memories.db"));
        new SchemaMigrator(MutableClock.at("2026-06-01T00:00:00Z")).migrate(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void execute(String sql) {
        db.write("test", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }

    private void insert(String agent, String path, String kind, String token) {
        execute("INSERT INTO memory_artifacts (agent_id, source_path, source_sha256, source_kind, session_id,"
                + " session_token, captured_at, updated_at) VALUES ('" + agent + "', '" + path + "', 'x', '" + kind
                + "', 's', '" + token + "', '2026-06-01T00:00:00Z', 'now')");
    }

    private Optional<LedgerChangeLog.Changes> since(String agent, long seq) {
        return db.read("test", c -> LedgerChangeLog.since(c, agent, seq));
    }

    @Test
    void anUpdateThatMovesARowToAnotherSession_namesBothSessionsOfItsAgents() {
        insert("default", "a.md", "summary", "tok-a");
        long head = db.read("test", LedgerChangeLog::head);
        execute("UPDATE memory_artifacts SET session_token = 'tok-b' WHERE source_path = 'a.md'");
        execute("UPDATE memory_artifacts SET agent_id = 'agent-1' WHERE source_path = 'a.md'");

        assertEquals(Set.of("tok-a", "tok-b"), since("default", head).orElseThrow().sessionTokens());
        assertEquals(Set.of("tok-b"), since("agent-1", head).orElseThrow().sessionTokens());
    }

    @Test
    void manifestRowsAreNotLogged_theLedgerNeverShowsThem() {
        long head = db.read("test", LedgerChangeLog::head);
        insert("default", "m.md", "manifest", "tok-m");
        execute("DELETE FROM memory_artifacts");

        assertEquals(Set.of(), since("default", head).orElseThrow().sessionTokens());
    }

    @Test
    void aReaderBehindThePrunedPart_mustReadEverythingAgain() {
        insert("default", "a.md", "summary", "tok-a");
        long head = db.read("test", LedgerChangeLog::head);
        insert("default", "b.md", "summary", "tok-b");
        insert("default", "c.md", "summary", "tok-c");
        execute("DELETE FROM memoryd_ledger_changes WHERE seq <= " + (head + 1)); // as the pruning trigger would

        assertTrue(since("default", head).isEmpty());
        assertEquals(Set.of("tok-c"), since("default", head + 1).orElseThrow().sessionTokens());
    }

    @Test
    void theLogPrunesItselfToItsNewestEntries() {
        execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + (LedgerChangeLog.KEPT + 2000)
                + ") INSERT INTO memoryd_ledger_changes (agent_id, session_token) SELECT 'default', 't' FROM n");

        long kept = db.read("test", c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM memoryd_ledger_changes")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertTrue(kept >= LedgerChangeLog.KEPT && kept < LedgerChangeLog.KEPT + 1000, "kept " + kept);
    }
}
