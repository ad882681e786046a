package io.memoryd.daemon.hooks.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.hooks.CaptureRequest;
import io.memoryd.daemon.hooks.HookInputException;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Claude Code's hook stdin is parsed field by field; anything unusable is refused naming the field. */
class ClaudeHookInputTest {

    @Test
    void sessionEndInputGivesTheFieldsAndACaptureRequestForClaudeCode() throws Exception {
        ClaudeHookInput in = ClaudeHookInput.parse("""
                {"session_id":"abc-123","transcript_path":"/home/u/.claude/projects/-home-u-proj/abc-123.jsonl",
                 "cwd":"/home/u/proj","hook_event_name":"SessionEnd","reason":"prompt_input_exit",
                 "permission_mode":"default","extra":{"ignored":true}}""");
        assertEquals("abc-123", in.sessionId());
        assertEquals(Path.of("/home/u/.claude/projects/-home-u-proj/abc-123.jsonl"), in.transcriptPath());
        assertEquals("/home/u/proj", in.cwd());
        assertEquals("SessionEnd", in.hookEventName());
        assertEquals("prompt_input_exit", in.reason());
        assertNull(in.source());
        assertFalse(in.afterCompaction());
        CaptureRequest r = in.captureRequest(new AgentId("alice"));
        assertEquals(new CaptureRequest(new AgentId("alice"), "claude-code", "abc-123", "/home/u/proj",
                in.transcriptPath(), null), r);
    }

    @Test
    void sessionStartWithSourceCompactIsTheCompactionSignal() throws Exception {
        ClaudeHookInput in = ClaudeHookInput.parse(
                "{\"session_id\":\"s\",\"hook_event_name\":\"SessionStart\",\"source\":\"compact\",\"cwd\":null}");
        assertTrue(in.afterCompaction());
        assertNull(in.cwd());
        assertNull(in.transcriptPath());
    }

    @Test
    void sessionIdIsTrimmed() throws Exception {
        assertEquals("s-1", ClaudeHookInput.parse("{\"session_id\":\"  s-1 \"}").sessionId());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "~~                                          | hook input is empty",
            "not json                                    | hook input is not valid JSON",
            "{session_id:'x'}                            | hook input is not valid JSON",
            "{\"session_id\":\"x\"} trailing               | hook input is not valid JSON",
            "[1,2]                                       | hook input must be a JSON object, got an array",
            "\"text\"                                    | hook input must be a JSON object, got a string",
            "{}                                          | session_id is required",
            "{\"session_id\":\"   \"}                    | session_id is required",
            "{\"session_id\":42}                         | session_id must be a string, got a number",
            "{\"session_id\":\"a#2\"}                    | session_id must not contain '#'",
            "{\"session_id\":\"a\\u0000b\"}              | session_id must not contain control characters",
            "{\"session_id\":\"s\",\"cwd\":[\"/x\"]}     | cwd must be a string, got an array",
            "{\"session_id\":\"s\",\"transcript_path\":true} | transcript_path must be a string, got a boolean",
            "{\"session_id\":\"s\",\"transcript_path\":\"rel/x.jsonl\"} | transcript_path must be an absolute path",
            "{\"session_id\":\"s\",\"source\":{}}        | source must be a string, got an object",
    })
    void malformedInputIsRefusedNamingTheProblem(String json, String message) {
        HookInputException e = assertThrows(HookInputException.class, () -> ClaudeHookInput.parse(json));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void overlongSessionIdIsRefusedWithTheLimit() {
        HookInputException e = assertThrows(HookInputException.class,
                () -> ClaudeHookInput.parse("{\"session_id\":\"" + "x".repeat(201) + "\"}"));
        assertEquals("session_id must be at most 200 characters, got 201", e.getMessage());
    }
}
