package io.memoryd.daemon.hooks.claude;

import com.google.gson.JsonObject;
import io.memoryd.daemon.hooks.CaptureRequest;
import io.memoryd.daemon.hooks.HookInputException;
import io.memoryd.daemon.hooks.HookJson;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;

/**
 * Claude Code's hook stdin, parsed: the common fields ({@code session_id}, {@code transcript_path},
 * {@code cwd}, {@code hook_event_name}) and the per-event ones memoryd uses ({@code source} of SessionStart,
 * {@code reason} of SessionEnd, {@code prompt} of UserPromptSubmit). Other fields are ignored; absent or
 * {@code null} optional fields are null.
 *
 * @param transcriptPath absolute, or null when absent or empty
 */
public record ClaudeHookInput(String sessionId, Path transcriptPath, String cwd, String hookEventName, String source,
        String reason, String prompt) {

    /** The harness name written to the artifacts of Claude Code sessions. */
    public static final String HARNESS = "claude-code";

    private static final int SHORT_FIELD_CHARS = 256;

    /**
     * Parses and checks the hook's JSON.
     *
     * @throws HookInputException naming the field when the JSON is not an object, {@code session_id} is missing
     *     or blank, or a field has the wrong type or length (see {@link HookJson})
     */
    public static ClaudeHookInput parse(String json) throws HookInputException {
        JsonObject o = HookJson.object(json);
        String sessionId = HookJson.sessionId(o);
        Path transcript = HookJson.optionalAbsolutePath(o, "transcript_path");
        String cwd = HookJson.optionalString(o, "cwd", HookJson.PATH_CHARS);
        String event = HookJson.optionalString(o, "hook_event_name", SHORT_FIELD_CHARS);
        String source = HookJson.optionalString(o, "source", SHORT_FIELD_CHARS);
        String reason = HookJson.optionalString(o, "reason", SHORT_FIELD_CHARS);
        String prompt = HookJson.optionalString(o, "prompt", Integer.MAX_VALUE);
        return new ClaudeHookInput(sessionId, transcript, cwd == null || cwd.isEmpty() ? null : cwd, event, source,
                reason, prompt);
    }

    /** Whether this is the SessionStart Claude Code sends right after compacting ({@code source: "compact"}). */
    public boolean afterCompaction() {
        return "SessionStart".equals(hookEventName) && "compact".equals(source);
    }

    /** The capture of this session for {@code agent}: harness {@code claude-code}, project = {@code cwd}. */
    public CaptureRequest captureRequest(AgentId agent) {
        return new CaptureRequest(agent, HARNESS, sessionId, cwd, transcriptPath, null);
    }
}
