package io.memoryd.memory.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example files of docs/format.md §2.11, byte for byte. */
class WorkedExampleTest {

    @TempDir
    Path root;

    private static final String BODY =
            "Fixed the flaky retry test in platform/daemon/src/retry.ts.  \r\nAdded a regression case.\n\n";

    private WrittenArtifact writeExampleSummary(TestWorkspace t) {
        SessionInput input = new SessionInput(AgentId.DEFAULT, "sess-1", "sess-1", "/home/u/proj", "codex",
                "2026-03-28T22:34:06.792Z", null, "2026-03-28T22:34:06.792Z", BODY);
        return t.ws.writer().writeSummary(input);
    }

    @Test
    void writesTheExampleSummaryByteForByte() {
        try (TestWorkspace t = TestWorkspace.open(root, MutableClock.at("2026-03-28T22:34:07.001Z"))) {
            WrittenArtifact written = writeExampleSummary(t);
            assertEquals("memory/2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.md", written.artifactPath());
            assertEquals("""
                    ---
                    kind: "summary"
                    agent_id: "default"
                    session_id: "sess-1"
                    session_key: "sess-1"
                    project: "/home/u/proj"
                    harness: "codex"
                    captured_at: "2026-03-28T22:34:06.792Z"
                    started_at: null
                    ended_at: "2026-03-28T22:34:06.792Z"
                    manifest_path: "memory/2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--manifest.md"
                    source_node_id: null
                    content_sha256: "62751e4b101591623d5afc27e5fd1b18ec2b851526c3a388b6c63b2b96a3a3b1"
                    hash_scope: "body-normalized-v1"
                    memory_sentence: "Session proj captured durable summary context, preserved lineage metadata, \
                    and recorded this artifact for MEMORY.md projection and later drill-down."
                    memory_sentence_version: "memory_sentence_v1"
                    memory_sentence_quality: "fallback"
                    memory_sentence_generated_at: "2026-03-28T22:34:07.001Z"
                    ---
                    Fixed the flaky retry test in platform/daemon/src/retry.ts.
                    Added a regression case.
                    """, t.read(written.artifactPath()));
        }
    }

    @Test
    void writesTheExampleFreshManifestByteForByte() {
        try (TestWorkspace t = TestWorkspace.open(root, MutableClock.at("2026-03-28T22:34:07.001Z"))) {
            WrittenArtifact written = writeExampleSummary(t);
            assertEquals("""
                    ---
                    kind: "manifest"
                    agent_id: "default"
                    session_id: "sess-1"
                    session_key: "sess-1"
                    project: "/home/u/proj"
                    harness: "codex"
                    captured_at: "2026-03-28T22:34:06.792Z"
                    started_at: null
                    ended_at: "2026-03-28T22:34:06.792Z"
                    summary_path: "memory/2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.md"
                    transcript_path: "memory/codex/transcripts/transcript.jsonl"
                    compaction_path: null
                    memory_md_refs:
                    updated_at: "2026-03-28T22:34:06.792Z"
                    revision: 1
                    content_sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                    hash_scope: "body-normalized-v1"
                    ---
                    """, t.read(written.manifestPath()));
        }
    }
}
