package io.memoryd.memory.index;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 cases 13–22: the incremental index. */
class ArtifactIndexerTest {

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

    private WrittenArtifact summary(String agent, String sessionId, String at) {
        return t.ws.writer().writeSummary(session(agent, sessionId, "/home/u/proj", at, "Body of " + sessionId + "."));
    }

    private int rows(String agent) {
        return t.count("SELECT count(*) FROM memory_artifacts WHERE agent_id = ?", agent);
    }

    @Test
    @DisplayName("§10 case 13: a reindex after all of an agent's rows were deleted restores them")
    void restoresDeletedRowsOnColdReindex() {
        summary("default", "s1", "2026-04-29T10:00:00.000Z");
        summary("default", "s2", "2026-04-29T11:00:00.000Z");
        t.ws.reindex(AgentId.DEFAULT);
        t.execute("DELETE FROM memory_artifacts WHERE agent_id = 'default'");
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(4, rows("default"));
        assertEquals(List.of("manifest", "manifest", "summary", "summary"),
                t.column("SELECT source_kind FROM memory_artifacts ORDER BY source_kind"));
    }

    @Test
    @DisplayName("§10 case 14: a second reindex with no file changes leaves updated_at unchanged")
    void warmReindexWritesNothing() {
        summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.ws.reindex(AgentId.DEFAULT);
        List<String> before = t.column("SELECT updated_at FROM memory_artifacts ORDER BY source_path");
        t.clock.advance(Duration.ofMinutes(5));

        ReindexResult second = t.ws.reindex(AgentId.DEFAULT);

        assertEquals(before, t.column("SELECT updated_at FROM memory_artifacts ORDER BY source_path"));
        assertEquals(0, second.read());
    }

    @Test
    @DisplayName("§10 case 15: source_path and native marker typed into a canonical file are ignored")
    void ignoresSpoofedSourcePathAndNativeMarker() throws IOException {
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");
        Path file = t.file(w.artifactPath());
        String text = Files.readString(file).replace("source_node_id: null",
                "source_node_id: \"native-memory-bridge\"\nsource_path: \"memory/spoofed.md\"");
        Files.writeString(file, text);

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(List.of(w.artifactPath()),
                t.column("SELECT source_path FROM memory_artifacts WHERE source_kind = 'summary'"));
        assertEquals(1, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'summary'"
                + " AND source_node_id IS NULL"));
        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts WHERE source_path = 'memory/spoofed.md'"));
    }

    @Test
    @DisplayName("§10 case 16: files written between two warm reindexes are indexed even if their rows were deleted")
    void indexesNewFilesBetweenWarmReindexes() {
        summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.ws.reindex(AgentId.DEFAULT);
        summary("default", "s2", "2026-04-29T11:00:00.000Z");
        summary("default", "s3", "2026-04-29T12:00:00.000Z");
        t.execute("DELETE FROM memory_artifacts WHERE session_id IN ('s2', 's3')");

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(6, rows("default"));
    }

    @Test
    @DisplayName("§10 case 17: a scoped reindex never deletes rows of another agent")
    void scopedReindexKeepsOtherAgentsRows() {
        summary("default", "s1", "2026-04-29T10:00:00.000Z");
        summary("other-agent", "s1", "2026-04-29T10:00:00.000Z");
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);
        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(2, rows("other-agent"));
        assertEquals(2, rows("default"));
    }

    @Test
    @DisplayName("§10 case 18: a deleted file's row disappears on the next warm reindex")
    void sweepsDeletedFileWarm() throws IOException {
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.ws.reindex(AgentId.DEFAULT);
        Files.delete(t.file(w.artifactPath()));

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(List.of("manifest"), t.column("SELECT source_kind FROM memory_artifacts"));
    }

    @Test
    @DisplayName("§10 case 18: a file deleted while no process ran loses its row on the cold reindex")
    void sweepsDeletedFileCold() throws IOException {
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.ws.reindex(AgentId.DEFAULT);
        t.ws.resetProcessState();
        Files.delete(t.file(w.artifactPath()));

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(List.of("manifest"), t.column("SELECT source_kind FROM memory_artifacts"));
    }

    @Test
    @DisplayName("§10 case 20: a cold cache with existing rows still indexes files that have no row yet")
    void coldCacheIndexesFilesWithoutRows() {
        summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.ws.reindex(AgentId.DEFAULT);
        summary("default", "s2", "2026-04-29T11:00:00.000Z");
        t.execute("DELETE FROM memory_artifacts WHERE session_id = 's2'");
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(4, rows("default"));
    }

    @Test
    @DisplayName("§10 case 21: a file whose body no longer matches content_sha256 loses its row; session_summaries untouched")
    void dropsRowOfTamperedBody() throws IOException {
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.execute("INSERT INTO session_summaries (id, kind, content, latest_at, agent_id)"
                + " VALUES ('node-1', 'session', 'unrelated', '2026-04-29T00:00:00.000Z', 'default')");
        t.ws.reindex(AgentId.DEFAULT);
        Path file = t.file(w.artifactPath());
        Files.writeString(file, Files.readString(file).replace("Body of s1.", "Tampered body."));

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'summary'"));
        assertEquals(1, t.count("SELECT count(*) FROM session_summaries"));
    }

    @Test
    @DisplayName("§10 case 22: invalid artifacts are not indexed and their existing rows are removed")
    void removesRowsOfInvalidArtifacts() throws IOException {
        String[][] breakages = {
                {"kind: \"summary\"", "kind: \"memo\""},
                {"kind: \"summary\"\n", ""},
                {"agent_id: \"default\"", "agent_id: \"\""},
                {"session_id: \"s1\"", "session_id: null"},
                {"captured_at: \"2026-04-29T10:00:00.000Z\"", "captured_at: 7"},
                {"hash_scope: \"body-normalized-v1\"", "hash_scope: \"body-raw\""},
                {"manifest_path: \"memory/", "manifest_path: \"elsewhere/"},
                {"kind: \"summary\"", "kind: \"compaction\""},
        };
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");
        Path file = t.file(w.artifactPath());
        String original = Files.readString(file);
        for (String[] breakage : breakages) {
            Files.writeString(file, original);
            t.ws.reindex(AgentId.DEFAULT);
            assertEquals(1, t.count("SELECT count(*) FROM memory_artifacts WHERE source_path = ?", w.artifactPath()),
                    "valid again before breaking " + breakage[1]);
            assertTrue(original.contains(breakage[0]), breakage[0]);
            Files.writeString(file, original.replace(breakage[0], breakage[1]));

            t.ws.reindex(AgentId.DEFAULT);

            assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts WHERE source_path = ?", w.artifactPath()),
                    "row kept although the file says " + breakage[1]);
        }
    }

    @Test
    @DisplayName("§10 case 22: a transcript without sanitizer_version is not indexed")
    void refusesTranscriptWithoutSanitizerVersion() throws IOException {
        WrittenArtifact w = t.ws.writer().writeTranscript(
                session("default", "s1", "/home/u/proj", "2026-04-29T10:00:00.000Z", "user: hi"));
        Path file = t.file(w.artifactPath());
        Files.writeString(file, Files.readString(file).replace("\nsanitizer_version: \"sanitize_transcript_v1\"", ""));

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind = 'transcript'"));
    }
}
