package io.memoryd.memory.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadWriterTest {

    private static final TokenBudget TOKENS = new TokenBudget();
    private static final Instant T0 = Instant.parse("2026-05-01T09:30:15.250Z");

    @TempDir
    Path root;
    private MemoryDatabase db;
    private Instant now = T0;

    @BeforeEach
    void open() {
        db = ReferenceHeadSchema.open(root);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private HeadWriter writer(int keep) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new HeadWriter(new WorkspaceLayout(root), db, TOKENS, new AtomicFileWriter(false), clock,
                new HeadPolicy(Duration.ofMinutes(5), keep));
    }

    private HeadWriter writer() {
        return writer(20);
    }

    private List<String> rows(String sql) {
        return db.read("test", c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        cells.add(String.valueOf(rs.getString(i)));
                    }
                    out.add(String.join(" | ", cells));
                }
            }
            return out;
        });
    }

    private void refused(HeadRefusedException.Reason reason, String agent, String text, String message) {
        HeadRefusedException e = assertThrows(HeadRefusedException.class, () -> writer().write(agent, text, "test"));
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
        assertFalse(Files.exists(root.resolve("MEMORY.md")));
        assertEquals(List.of(), rows("SELECT agent_id FROM memory_md_heads"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t \n", "\u00a0\ufeff"})
    @DisplayName("blank text is refused as empty content and nothing is written")
    void refusesBlank(String text) {
        refused(HeadRefusedException.Reason.EMPTY_CONTENT, "default", text,
                "Refusing to write empty content to MEMORY.md");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "  {\"a\": [1, 2.5e3, true, null]}  ", "[]", "[\"# Working Memory\"]",
            "\n[{\"x\":\"\\u00e9\"}]\n"})
    @DisplayName("text that parses as a JSON object or array is refused and nothing is written")
    void refusesJson(String text) {
        refused(HeadRefusedException.Reason.JSON_CONTENT, "default", text, "Refusing to write JSON to MEMORY.md");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "a_b", "a.b", "-lead", "../x", "a/b", "agent one"})
    @DisplayName("an agent id the reference refuses for a MEMORY.md path is refused and nothing is written")
    void refusesAgentIds(String agent) {
        refused(HeadRefusedException.Reason.INVALID_AGENT_ID, agent, "# Head",
                "Invalid agentId for MEMORY.md path: " + agent);
    }

    @Test
    @DisplayName("text that only looks like JSON (starts with [ but does not parse) is written")
    void writesBracketMarkdown() {
        HeadWriteResult r = writer().write("default", "[[memory/x.md|link]] first line", "test");
        assertEquals(HeadOutcome.WRITTEN, r.outcome());
    }

    @Test
    @DisplayName("the file is the UTC stamp, a blank line and the trimmed body; default lives at the root")
    void stampAndBody() throws Exception {
        HeadWriteResult r = writer().write("  ", "\n  # Working Memory Summary\n\nbody  \n\n", "test");
        assertEquals(root.resolve("MEMORY.md"), r.path());
        assertEquals("<!-- generated 2026-05-01 09:30 -->\n\n# Working Memory Summary\n\nbody",
                Files.readString(r.path()));
        assertEquals(1, r.revision());
        assertEquals(List.of("default | # Working Memory Summary\n\nbody | 1 | 2026-05-01T09:30:15.250Z | null | null"
                + " | null"), rows("SELECT agent_id, content, revision, updated_at, lease_token, lease_owner,"
                        + " lease_expires_at FROM memory_md_heads"));
        assertEquals(List.of(HeadWriter.sha256("# Working Memory Summary\n\nbody")),
                rows("SELECT content_hash FROM memory_md_heads"));
    }

    @Test
    @DisplayName("another agent's head lives at agents/<id>/MEMORY.md with its own row")
    void otherAgentPath() throws Exception {
        HeadWriteResult r = writer().write("agent-a", "# A", "test");
        assertEquals(root.resolve("agents/agent-a/MEMORY.md"), r.path());
        assertTrue(Files.readString(r.path()).endsWith("\n\n# A"));
        assertEquals(List.of("agent-a | 1"), rows("SELECT agent_id, revision FROM memory_md_heads"));
    }

    @Test
    @DisplayName("an oversized body is cut so that stamp and body fit 5000 cl100k tokens")
    void truncatesToHeadBudget() throws Exception {
        StringBuilder text = new StringBuilder("# Head\n");
        for (int i = 0; i < 3000; i++) {
            text.append("- line ").append(i).append(" of durable context\n");
        }
        HeadWriteResult r = writer().write("default", text.toString(), "test");
        String file = Files.readString(r.path());
        int tokens = TOKENS.count(file);
        assertTrue(tokens <= 5000 && tokens > 4950, "tokens " + tokens);
        assertTrue(file.startsWith("<!-- generated 2026-05-01 09:30 -->\n\n# Head\n- line 0 "));
        assertEquals(file.stripTrailing(), file);
    }

    @Test
    @DisplayName("the same body keeps its revision and is not rewritten; a changed body bumps it")
    void revisionOnlyOnChange() throws Exception {
        HeadWriter w = writer();
        assertEquals(1, w.write("default", "# One", "test").revision());
        now = now.plusSeconds(3600);
        HeadWriteResult same = w.write("default", "  # One\n", "test");
        assertEquals(HeadOutcome.UNCHANGED, same.outcome());
        assertEquals(1, same.revision());
        assertNull(same.backup());
        assertEquals("<!-- generated 2026-05-01 09:30 -->\n\n# One", Files.readString(same.path()));
        assertEquals(List.of("1 | 2026-05-01T10:30:15.250Z | null"),
                rows("SELECT revision, updated_at, lease_token FROM memory_md_heads"));
        HeadWriteResult changed = w.write("default", "# Two", "test");
        assertEquals(HeadOutcome.WRITTEN, changed.outcome());
        assertEquals(2, changed.revision());
    }

    @Test
    @DisplayName("the same body with the file deleted or edited by hand is written again under the same revision")
    void restoresFileAtSameRevision() throws Exception {
        HeadWriter w = writer();
        HeadWriteResult first = w.write("default", "# One", "test");
        Files.writeString(first.path(), "edited by hand");
        HeadWriteResult again = w.write("default", "# One", "test");
        assertEquals(HeadOutcome.WRITTEN, again.outcome());
        assertEquals(1, again.revision());
        assertEquals("edited by hand", Files.readString(again.backup()));
        Files.delete(first.path());
        assertEquals(HeadOutcome.WRITTEN, w.write("default", "# One", "test").outcome());
    }

    private void leaseHeldBy(String owner, Instant expires) {
        db.write("seed lease", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO memory_md_heads (agent_id, content,"
                    + " content_hash, revision, updated_at, lease_token, lease_owner, lease_expires_at)"
                    + " VALUES ('default', 'old', ?, 7, '2026-05-01T09:00:00.000Z', 'their-token', ?, ?)")) {
                ps.setString(1, HeadWriter.sha256("old"));
                ps.setString(2, owner);
                ps.setString(3, io.memoryd.memory.text.IsoTime.format(expires));
                return ps.executeUpdate();
            }
        });
    }

    @Test
    @DisplayName("an unexpired lease of another writer answers busy and writes nothing")
    void busyLease() throws Exception {
        Files.writeString(root.resolve("MEMORY.md"), "old file");
        leaseHeldBy("synthesis-worker", T0.plusSeconds(60));
        HeadWriteResult r = writer().write("default", "# New", "memoryd");
        assertEquals(HeadOutcome.BUSY, r.outcome());
        assertEquals("synthesis-worker", r.leaseOwner());
        assertEquals("old file", Files.readString(root.resolve("MEMORY.md")));
        assertFalse(Files.exists(root.resolve("memory").resolve("MEMORY.backup-2026-05-01T09-30-15.md")));
        assertEquals(List.of("old | 7 | their-token"), rows("SELECT content, revision, lease_token FROM memory_md_heads"));
        HeadState state = writer().state("default");
        assertTrue(state.leaseActive());
        assertEquals("synthesis-worker", state.leaseOwner());
    }

    @Test
    @DisplayName("an expired lease is taken over: the write goes through and bumps the reference's revision")
    void expiredLease() throws Exception {
        leaseHeldBy("synthesis-worker", T0.minusMillis(1));
        HeadWriteResult r = writer().write("default", "# New", "memoryd");
        assertEquals(HeadOutcome.WRITTEN, r.outcome());
        assertEquals(8, r.revision());
        assertEquals(List.of("# New | 8 | null | null"),
                rows("SELECT content, revision, lease_token, lease_owner FROM memory_md_heads"));
    }

    @Test
    @DisplayName("a reference row with the same body hash keeps its revision")
    void referenceRowSameHash() throws Exception {
        leaseHeldBy("x", T0.minusSeconds(1));
        Files.writeString(root.resolve("MEMORY.md"), "<!-- generated 2026-04-30 08:00 -->\n\nold");
        HeadWriteResult r = writer().write("default", "old", "memoryd");
        assertEquals(HeadOutcome.UNCHANGED, r.outcome());
        assertEquals(7, r.revision());
    }

    @Test
    @DisplayName("without the memory_md_heads table the file is written anyway, revision 0")
    void missingTable() throws Exception {
        db.write("drop", c -> c.createStatement().execute("DROP TABLE memory_md_heads"));
        HeadWriteResult r = writer().write("default", "# Head", "memoryd");
        assertEquals(HeadOutcome.WRITTEN, r.outcome());
        assertEquals(0, r.revision());
        assertTrue(Files.readString(r.path()).endsWith("# Head"));
        assertFalse(writer().state("default").recorded());
    }

    @Test
    @DisplayName("the replaced file is backed up to memory/MEMORY.backup-<stamp>.md")
    void backupCreated() throws Exception {
        HeadWriter w = writer();
        HeadWriteResult first = w.write("agent-a", "# One", "test");
        String old = Files.readString(first.path());
        now = now.plusSeconds(1);
        HeadWriteResult second = w.write("agent-a", "# Two", "test");
        assertEquals(root.resolve("agents/agent-a/memory/MEMORY.backup-2026-05-01T09-30-16.md"), second.backup());
        assertEquals(old, Files.readString(second.backup()));
        HeadWriteResult third = w.write("agent-a", "# Three", "test");
        assertEquals("MEMORY.backup-2026-05-01T09-30-16-2.md", third.backup().getFileName().toString());
    }

    @Test
    @DisplayName("retention keeps the newest N of memoryd's own backups and never touches other files")
    void retention() throws Exception {
        Path dir = root.resolve("memory");
        Files.createDirectories(dir);
        List<Path> foreign = List.of(dir.resolve("MEMORY.bak-2020-01-01.md"), dir.resolve("MEMORY.pre-import.md"),
                dir.resolve("MEMORY.backup-mine.md"), dir.resolve("notes.md"));
        for (Path p : foreign) {
            Files.writeString(p, "keep me");
        }
        Files.writeString(dir.resolve("MEMORY.backup-2020-01-01T00-00-00.md"), "ancient");
        HeadWriter w = writer(3);
        for (int i = 0; i < 6; i++) {
            now = T0.plusSeconds(60L * i);
            w.write("default", "# Rev " + i, "test");
        }
        List<String> backups;
        try (var s = Files.list(dir)) {
            backups = s.map(p -> p.getFileName().toString()).filter(n -> HeadBackups.OWN.matcher(n).matches())
                    .sorted().toList();
        }
        assertEquals(List.of("MEMORY.backup-2026-05-01T09-33-15.md", "MEMORY.backup-2026-05-01T09-34-15.md",
                "MEMORY.backup-2026-05-01T09-35-15.md"), backups);
        assertTrue(Files.readString(dir.resolve("MEMORY.backup-2026-05-01T09-35-15.md")).endsWith("# Rev 4"));
        for (Path p : foreign) {
            assertEquals("keep me", Files.readString(p), p.toString());
        }
    }

    @Test
    @DisplayName("memoryctl head's state: path, revision, updated time and no lease after a write")
    void state() {
        writer().write("agent-b", "# B", "test");
        HeadState s = writer().state("agent-b");
        assertEquals(root.resolve("agents/agent-b/MEMORY.md"), s.path());
        assertTrue(s.fileExists() && s.recorded());
        assertEquals(1, s.revision());
        assertEquals("2026-05-01T09:30:15.250Z", s.updatedAt());
        assertNull(s.leaseOwner());
        assertFalse(s.leaseActive());
        assertNotNull(s.contentHash());
    }

    @Test
    @DisplayName("memoryd's migration keeps a reference head row as it is, and the next write continues its revisions")
    void migrationKeepsReferenceRow() throws Exception {
        leaseHeldBy("synthesis-worker", T0.minusSeconds(30));
        assertTrue(new io.memoryd.memory.db.SchemaMigrator(Clock.fixed(T0, ZoneOffset.UTC)).migrate(db) > 0);
        assertEquals(List.of("old | 7 | their-token | synthesis-worker"),
                rows("SELECT content, revision, lease_token, lease_owner FROM memory_md_heads"));
        assertEquals(8, writer().write("default", "# After the migration", "memoryd").revision());
    }
}
