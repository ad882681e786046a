package io.memoryd.memory.db;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.workspace.WorkspaceLayout;

/**
 * One {@code memory_artifacts} row as the index writes it (docs/format.md §3.1). The factory applies the
 * column rules: string-typed front-matter values only, the two trust flags, token from the path.
 */
public record ArtifactRow(
        String agentId,
        String sourcePath,
        String sourceSha256,
        String sourceKind,
        String sessionId,
        String sessionKey,
        String sessionToken,
        String project,
        String harness,
        String capturedAt,
        String startedAt,
        String endedAt,
        String manifestPath,
        String sourceNodeId,
        String memorySentence,
        String memorySentenceQuality,
        String content,
        String updatedAt,
        Double sourceMtimeMs) {

    /** The marker that only trusted native-memory rows may carry. */
    public static final String NATIVE_MEMORY_BRIDGE = "native-memory-bridge";

    /** Options that only internal callers (native and JSONL indexing) turn on. */
    public record Trust(boolean sourcePath, boolean nativeMarker) {
        public static final Trust NONE = new Trust(false, false);
        public static final Trust SOURCE_PATH = new Trust(true, false);
        public static final Trust ALL = new Trust(true, true);
    }

    /**
     * Builds the row for file path {@code path} with front matter {@code fm}, body {@code body} (stored as
     * given) and mtime {@code mtimeMs}; {@code now} fills missing times.
     */
    public static ArtifactRow from(WorkspaceLayout layout, String path, FrontMatter fm, String body,
            Double mtimeMs, Trust trust, String now) {
        String agentId = fm.string("agent_id").orElse("default");
        String sourcePath = trust.sourcePath() && fm.string("source_path").isPresent()
                ? fm.stringOrNull("source_path").replace('\\', '/')
                : layout.relativize(path);
        String sessionId = fm.string("session_id").orElse(sourcePath);
        String token = SessionToken.findIn(sourcePath).orElseGet(() -> SessionToken.of(agentId, sessionId));
        String nodeId = fm.stringOrNull("source_node_id");
        if (NATIVE_MEMORY_BRIDGE.equals(nodeId) && !trust.nativeMarker()) {
            nodeId = null;
        }
        return new ArtifactRow(
                agentId,
                sourcePath,
                fm.string("content_sha256").orElseGet(() -> ArtifactBody.sha256(body)),
                fm.string("kind").orElse("manifest"),
                sessionId,
                fm.stringOrNull("session_key"),
                token,
                fm.stringOrNull("project"),
                fm.stringOrNull("harness"),
                fm.string("captured_at").orElse(now),
                fm.stringOrNull("started_at"),
                fm.stringOrNull("ended_at"),
                fm.stringOrNull("manifest_path"),
                nodeId,
                fm.stringOrNull("memory_sentence"),
                fm.stringOrNull("memory_sentence_quality"),
                body,
                fm.string("updated_at").orElse(now),
                mtimeMs);
    }
}
