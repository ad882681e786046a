package io.memoryd.memory.projection;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-agent memo of the ledger and temporal-index fits never serves a fit of older inputs. */
class FitMemoTest {

    @TempDir
    Path root;
    TestWorkspace t;

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root);
        t.ws.writer().writeSummary(session("default", "s1", "/home/u/proj", "2026-04-29T10:00:00.000Z", "Body."));
        t.execute("INSERT INTO session_summaries (id, project, depth, kind, content, latest_at, agent_id)"
                + " VALUES ('node-a', '/home/u/proj', 0, 'session', 'First node.', '2026-04-29T10:00:00.000Z', 'default')");
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void aRepeatedRenderIsIdentical() {
        assertEquals(t.render("default").content(), t.render("default").content());
    }

    @Test
    void aNewTemporalNodeShowsInTheNextRender() {
        assertFalse(t.render("default").content().contains("node-b"));
        t.execute("INSERT INTO session_summaries (id, project, depth, kind, content, latest_at, agent_id)"
                + " VALUES ('node-b', '/home/u/proj', 0, 'session', 'Second node.', '2026-04-29T11:00:00.000Z', 'default')");

        assertTrue(t.render("default").content().contains("node-b"));
    }

    @Test
    void aNewSessionShowsInTheNextLedger() {
        t.render("default");
        t.ws.writer().writeSummary(session("default", "s2", "/home/u/proj", "2026-04-29T12:00:00.000Z", "Body."));

        assertTrue(t.render("default").content().contains("session=s2"));
    }
}
