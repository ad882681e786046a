package io.memoryd.memory.index;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.ExternalArtifact;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 cases 24–25: rows without a canonical file of their own survive index sweeps. */
class SpecialRowsTest {

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

    @Test
    @DisplayName("§10 case 24: JSONL transcript rows survive warm and cold reindex sweeps")
    void jsonlRowsSurviveSweeps() {
        String path = t.ws.writer().indexTranscriptJsonl(session("default", "s1", "/home/u/proj",
                "2026-04-29T10:00:00.000Z", "user: hello\nassistant: hi"));
        assertEquals("memory/codex/transcripts/transcript.jsonl#yqqt2gsjvmgbpuyf".length(), path.length());

        t.ws.reindex(AgentId.DEFAULT);
        t.ws.reindex(AgentId.DEFAULT);
        t.ws.resetProcessState();
        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(List.of(path), t.column("SELECT source_path FROM memory_artifacts WHERE source_kind = 'transcript'"));
    }

    private ExternalArtifact nativeMemory() {
        return new ExternalArtifact("default", "/home/u/.claude/CLAUDE.md", "native_memory_summary", "claude-code",
                "Raw  content \r\n", 1_777_000_000_000.0, null, null);
    }

    @Test
    @DisplayName("§10 case 25: native rows keep their absolute path, marker, raw content and fallback quality")
    void nativeRowsAreStoredAsGiven() {
        t.ws.writer().indexExternal(nativeMemory());

        assertEquals(List.of("/home/u/.claude/CLAUDE.md|native-memory-bridge|Raw  content \r\n|fallback"),
                t.column("SELECT source_path || '|' || source_node_id || '|' || content || '|'"
                        + " || memory_sentence_quality FROM memory_artifacts"));
    }

    @Test
    @DisplayName("§10 case 25: native rows survive warm and cold reindexes")
    void nativeRowsSurviveReindex() {
        t.ws.writer().indexExternal(nativeMemory());

        t.ws.reindex(AgentId.DEFAULT);
        t.ws.resetProcessState();
        t.ws.reindex(AgentId.DEFAULT);
        t.ws.reindex(null);

        assertEquals(1, t.count("SELECT count(*) FROM memory_artifacts WHERE source_node_id = 'native-memory-bridge'"));
    }

    @Test
    @DisplayName("§10 case 25: soft delete flags the row and indexing the file again clears the flags")
    void softDeleteAndReindexOfNativeRow() {
        t.ws.writer().indexExternal(nativeMemory());

        assertEquals(1, t.ws.writer().softDelete("/home/u/.claude/CLAUDE.md", "default"));
        assertEquals(List.of("1|2026-04-30T12:00:00.000Z"),
                t.column("SELECT is_deleted || '|' || deleted_at FROM memory_artifacts"));

        t.ws.writer().indexExternal(nativeMemory());
        assertEquals(List.of("0|null"),
                t.column("SELECT is_deleted || '|' || COALESCE(deleted_at, 'null') FROM memory_artifacts"));
    }
}
