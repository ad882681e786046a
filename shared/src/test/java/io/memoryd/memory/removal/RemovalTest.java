package io.memoryd.memory.removal;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 cases 39–42: removal and noise purge. */
class RemovalTest {

    @TempDir
    Path root;
    TestWorkspace t;

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private WrittenArtifact summary(String sessionId, String project) {
        return t.ws.writer().writeSummary(session("default", sessionId, project, "2026-04-29T10:00:00.000Z",
                "Body " + sessionId));
    }

    @Test
    @DisplayName("§10 case 39: purge removes the /tmp session, keeps the real one, tombstones it and deletes its files")
    void purgeRemovesTempSession() {
        WrittenArtifact temp = summary("temp", "/tmp/signetai");
        WrittenArtifact real = summary("real", "/home/u/signetai");

        int removed = t.ws.purger().purge("default", "cleanup test");

        assertEquals(1, removed);
        assertFalse(Files.exists(t.file(temp.artifactPath())));
        assertFalse(Files.exists(t.file(temp.manifestPath())));
        assertTrue(Files.exists(t.file(real.artifactPath())));
        assertEquals(List.of("cleanup test|" + SessionToken.of("default", "temp")),
                t.column("SELECT reason || '|' || session_token FROM memory_artifact_tombstones"));
        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts WHERE session_id = 'temp'"));
        assertEquals(2, t.count("SELECT count(*) FROM memory_artifacts WHERE session_id = 'real'"));
    }

    @Test
    @DisplayName("§10 case 40: a group with one real project is kept even when another row looks synthetic")
    void keepsGroupWithARealProject() {
        AgentId agent = AgentId.DEFAULT;
        t.ws.writer().writeTranscript(new SessionInput(agent, "mixed", "test-key", null, "test",
                "2026-04-29T10:00:00.000Z", null, "2026-04-29T10:00:00.000Z", "user: hi"));
        t.ws.writer().writeSummary(new SessionInput(agent, "mixed", "mixed", "/home/u/real", "codex",
                "2026-04-29T10:00:00.000Z", null, "2026-04-29T10:00:00.000Z", "Body"));

        assertEquals(0, t.ws.purger().purge("default", "cleanup"));
        assertEquals(3, t.count("SELECT count(*) FROM memory_artifacts"));
    }

    @Test
    @DisplayName("§10 case 40: a group with any /tmp row is removed even when another row has a real project")
    void removesGroupWithAnyTempRow() {
        AgentId agent = AgentId.DEFAULT;
        t.ws.writer().writeTranscript(new SessionInput(agent, "mixed", "mixed", "/tmp/x", "codex",
                "2026-04-29T10:00:00.000Z", null, "2026-04-29T10:00:00.000Z", "user: hi"));
        t.ws.writer().writeSummary(new SessionInput(agent, "mixed", "mixed", "/home/u/real", "codex",
                "2026-04-29T10:00:00.000Z", null, "2026-04-29T10:00:00.000Z", "Body"));

        assertEquals(1, t.ws.purger().purge("default", "cleanup"));
    }

    @Test
    @DisplayName("§10 case 41: the automatic purge runs once per process and again after a reset")
    void purgeOnceRunsOncePerProcess() {
        summary("temp-1", "/tmp/a");

        assertEquals(1, t.ws.purgeNoiseOnce(AgentId.DEFAULT));
        summary("temp-2", "/tmp/b");
        assertEquals(0, t.ws.purgeNoiseOnce(AgentId.DEFAULT));
        t.ws.resetProcessState();
        assertEquals(1, t.ws.purgeNoiseOnce(AgentId.DEFAULT));
        assertEquals(List.of(NoisePurger.AUTOMATIC_REASON, NoisePurger.AUTOMATIC_REASON),
                t.column("SELECT reason FROM memory_artifact_tombstones"));
    }

    @Test
    @DisplayName("§10 case 42: a removed session vanishes from the render and restored files stay out")
    void removedSessionStaysRemovedWhenFilesReturn() throws IOException {
        WrittenArtifact w = summary("gone", "/home/u/proj");
        String summaryText = t.read(w.artifactPath());
        String manifestText = t.read(w.manifestPath());
        assertTrue(t.render("default").content().contains("session=gone"));

        t.ws.remover().remove("default", SessionToken.of("default", "gone"), "user asked");
        assertFalse(t.render("default").content().contains("session=gone"));

        Files.writeString(t.file(w.artifactPath()), summaryText);
        Files.writeString(t.file(w.manifestPath()), manifestText);
        assertFalse(t.render("default").content().contains("session=gone"));
        t.ws.resetProcessState();
        assertFalse(t.render("default").content().contains("session=gone"));
        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts"));
    }

    @Test
    @DisplayName("removal deletes only regular files inside memory/, whatever a stored path says")
    void removalNeverDeletesOutsideMemoryDir() throws IOException {
        Path outside = root.resolve("precious.md");
        Files.writeString(outside, "user file");
        t.execute("INSERT INTO memory_artifacts (agent_id, source_path, source_sha256, source_kind, session_id,"
                + " session_token, captured_at, updated_at) VALUES ('default', '../precious.md', 'x', 'summary',"
                + " 'evil', 'aaaaaaaaaaaaaaaa', '2026-04-29T10:00:00.000Z', '2026-04-29T10:00:00.000Z')");
        t.execute("INSERT INTO memory_artifacts (agent_id, source_path, source_sha256, source_kind, session_id,"
                + " session_token, captured_at, updated_at) VALUES ('default', 'precious.md', 'x', 'summary',"
                + " 'evil', 'aaaaaaaaaaaaaaaa', '2026-04-29T10:00:00.000Z', '2026-04-29T10:00:00.000Z')");

        t.ws.remover().remove("default", "aaaaaaaaaaaaaaaa", "test");

        assertTrue(Files.exists(outside));
    }
}
