package io.memoryd.daemon.hooks;

import com.google.gson.JsonObject;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;

/**
 * The input of the generic session-end adapter, for harnesses without an adapter of their own:
 * {@code {"session_id": …, "cwd": …, "harness": …, "transcript_text": … | "transcript_path": …}}.
 * {@code transcript_text} is the transcript as plain text; {@code transcript_path} names a file read as plain
 * text, line by line, unless the harness has a format of its own ({@code claude-code} → Claude Code JSONL,
 * see {@link TranscriptFormats}). Neither given is accepted: the session still gets a summary saying so.
 *
 * @param harness defaults to {@code generic}
 */
public record GenericHookInput(String sessionId, String cwd, String harness, String transcriptText,
        Path transcriptPath) {

    public static final String DEFAULT_HARNESS = "generic";

    /**
     * Parses and checks the adapter's JSON.
     *
     * @throws HookInputException naming the field when the JSON is not an object, {@code session_id} is
     *     missing or blank, a field has the wrong type, or both transcript fields are given
     */
    public static GenericHookInput parse(String json) throws HookInputException {
        JsonObject o = HookJson.object(json);
        String sessionId = HookJson.sessionId(o);
        String cwd = HookJson.optionalString(o, "cwd", HookJson.PATH_CHARS);
        String harness = HookJson.optionalString(o, "harness", HookJson.HARNESS_CHARS);
        String text = HookJson.optionalString(o, "transcript_text", Integer.MAX_VALUE);
        Path path = HookJson.optionalAbsolutePath(o, "transcript_path");
        if (text != null && path != null) {
            throw new HookInputException("give transcript_text or transcript_path, not both");
        }
        return new GenericHookInput(sessionId, emptyToNull(cwd),
                harness == null || harness.isBlank() ? DEFAULT_HARNESS : harness.strip(), text, path);
    }

    /** The capture this input asks for, for {@code agent}. */
    public CaptureRequest captureRequest(AgentId agent) {
        return new CaptureRequest(agent, harness, sessionId, cwd, transcriptPath, transcriptText);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
