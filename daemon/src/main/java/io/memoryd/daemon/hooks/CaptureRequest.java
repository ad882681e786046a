package io.memoryd.daemon.hooks;

import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One session-end or compaction capture asked for by a hook.
 *
 * @param agent the agent the session belongs to
 * @param harness the harness as given ({@code claude-code}, {@code codex}, …); it picks the transcript format of a
 *     file (see {@link TranscriptFormats}) and is written to the artifacts
 * @param sessionId the harness's session id, already checked by the hook input parser (no {@code #})
 * @param project the session's working directory, or null
 * @param transcriptPath the transcript file, or null
 * @param transcriptText the transcript itself as plain text, or null; used when there is no path
 */
public record CaptureRequest(AgentId agent, String harness, String sessionId, String project, Path transcriptPath,
        String transcriptText) {

    public CaptureRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(harness, "harness");
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId is blank");
        }
    }
}
