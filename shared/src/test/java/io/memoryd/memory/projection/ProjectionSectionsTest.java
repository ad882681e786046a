package io.memoryd.memory.projection;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 cases 32–35 and 38, the temporal index lines of §6.6 and the budget of §6.7. */
class ProjectionSectionsTest {

    @TempDir
    Path root;
    TestWorkspace t;
    final TokenBudget tokens = new TokenBudget();

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private void memory(String id, String content, String project) {
        t.execute("INSERT INTO memories (id, content, type, importance, project, created_at, agent_id, visibility)"
                + " VALUES (?, ?, 'preference', 0.9, ?, '2026-04-01T00:00:00.000Z', 'default', 'global')",
                id, content, project);
    }

    private void node(String id, String content, String sessionKey, String project, String ref) {
        t.execute("INSERT INTO session_summaries (id, kind, source_type, depth, latest_at, project, session_key,"
                + " source_ref, content, agent_id) VALUES (?, 'session', 'summary', 0, '2026-03-05T00:00:00.000Z',"
                + " ?, ?, ?, ?, 'default')", id, project, sessionKey, ref, content);
    }

    @Test
    @DisplayName("§10 case 32: an empty workspace renders every placeholder and no temporal index")
    void rendersPlaceholdersForEmptyWorkspace() {
        Projection p = t.render("default");

        assertEquals("""
                # Working Memory Summary

                ## Global Head (Tier 1)

                - no durable global head items yet.

                ## Thread Heads (Tier 2)

                - no thread heads yet.

                ## Open Threads

                - no open thread heads yet.

                ## Durable Notes & Constraints

                - no durable notes yet.

                ## Session Ledger (Last 30 Days)

                - no in-window sessions yet.""", p.content());
        assertEquals(0, p.fileCount());
        assertEquals("", p.indexBlock());
    }

    @Test
    @DisplayName("§10 case 33: one memory and one node render the heads and the temporal index; fileCount 2")
    void rendersMemoryAndTemporalNode() {
        memory("m1", "User likes Bun", "/home/u/proj");
        node("node-1", "# Session\nWorked on Bun defaults and dark mode polish.", "sess-1", "proj", "sess-1");

        Projection p = t.render("default");

        assertTrue(p.content().contains("## Global Head (Tier 1)\n\n- [preference] User likes Bun"));
        assertTrue(p.content().contains("## Durable Notes & Constraints\n\n- User likes Bun"));
        assertEquals("""
                ## Temporal Index

                - id=node-1 kind=session source=summary depth=0 session=sess-1 project=proj ref=sess-1 \
                latest=2026-03-05T00:00:00.000Z
                  summary: # Session Worked on Bun defaults and dark mode polish.""", p.indexBlock());
        assertTrue(p.content().endsWith(p.indexBlock()));
        assertEquals(2, p.fileCount());
    }

    @Test
    @DisplayName("the temporal index prints none only for NULL, an empty value as it is")
    void temporalIndexPrintsNoneOnlyForNull() {
        node("node-1", "text", null, "", null);

        assertTrue(t.render("default").indexBlock().contains("session=none project= ref=none latest="));
    }

    @Test
    @DisplayName("§10 case 34: a cold render and the following warm render are identical")
    void coldAndWarmRendersAreIdentical() {
        for (int i = 0; i < 5; i++) {
            t.ws.writer().writeSummary(session("default", "s" + i, "/home/u/proj", "2026-04-29T1" + i + ":00:00.000Z",
                    "Body " + i));
        }
        t.ws.resetProcessState();
        Projection cold = t.render("default");
        Projection warm = t.render("default");

        assertEquals(cold.content(), warm.content());
        assertEquals(cold.fileCount(), warm.fileCount());
    }

    @Test
    @DisplayName("§10 case 35: each agent's render shows only its own sessions and projects")
    void isolatesAgents() {
        t.ws.writer().writeSummary(session("alice", "a1", "/home/u/alice-proj", "2026-04-29T10:00:00.000Z", "A"));
        t.ws.writer().writeSummary(session("bob", "b1", "/home/u/bob-proj", "2026-04-29T10:00:00.000Z", "B"));

        String alice = t.render("alice").content();
        String bob = t.render("bob").content();

        assertTrue(alice.contains("alice-proj") && !alice.contains("bob-proj"));
        assertTrue(bob.contains("bob-proj") && !bob.contains("alice-proj"));
    }

    @Test
    @DisplayName("§10 case 38: an over-budget temporal index is cut line by line from the end until it fits")
    void trimsTemporalIndexToBudget() {
        String longText = "word ".repeat(200);
        for (int i = 0; i < 20; i++) {
            node(String.format("node-%02d", i), longText + i, "sess-" + i, "/home/u/proj", "ref-" + i);
        }
        String fullBlock = t.render("default").indexBlock();

        Projection p = t.ws.render(AgentId.DEFAULT, 1100);

        assertTrue(tokens.count(p.content()) <= 1100 - 256, "tokens " + tokens.count(p.content()));
        assertFalse(p.indexBlock().isEmpty());
        assertTrue(p.indexBlock().length() < fullBlock.length());
        assertTrue(fullBlock.startsWith(p.indexBlock()));
        assertEquals(20, p.fileCount());
    }

    @Test
    @DisplayName("max_tokens sets the budget to max(512, max_tokens - 256)")
    void honoursMaxTokens() {
        for (int i = 0; i < 60; i++) {
            t.ws.writer().writeSummary(session("default", "s" + i, "/home/u/proj",
                    String.format("2026-04-%02dT10:00:00.000Z", 1 + i % 29), "Body " + i));
        }
        Projection small = t.ws.render(AgentId.DEFAULT, 1500);
        Projection tiny = t.ws.render(AgentId.DEFAULT, 100);

        assertTrue(tokens.count(small.content()) <= 1500 - 256);
        assertTrue(tokens.count(small.content()) > 1000, "budget not used: " + tokens.count(small.content()));
        assertTrue(tokens.count(tiny.content()) <= 512);
        assertTrue(tiny.fileCount() < small.fileCount());
    }

    @Test
    @DisplayName("special-token text is counted as ordinary text and never fails a render")
    void countsSpecialTokensAsText() {
        memory("m1", "Remember <|endoftext|> and <|fim_prefix|> literally", null);

        assertTrue(t.render("default").content().contains("- [preference] Remember <|endoftext|>"));
    }

    @Test
    @DisplayName("§6.2: memories with a /tmp/ project are left out of the head")
    void leavesTempProjectMemoriesOut() {
        memory("m1", "Real memory", "/home/u/proj");
        memory("m2", "Temp memory", "/tmp/scratch");

        Projection p = t.render("default");

        assertTrue(p.content().contains("Real memory"));
        assertFalse(p.content().contains("Temp memory"));
        assertEquals(1, p.fileCount());
    }
}
