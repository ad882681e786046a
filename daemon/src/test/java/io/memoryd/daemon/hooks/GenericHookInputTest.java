package io.memoryd.daemon.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generic adapter's input: a session id, an optional harness and either transcript text or a path. */
class GenericHookInputTest {

    @Test
    void textInputDefaultsTheHarnessToGeneric() throws Exception {
        GenericHookInput in = GenericHookInput.parse(
                "{\"session_id\":\"g-1\",\"cwd\":\"/p\",\"transcript_text\":\"User: hi\"}");
        assertEquals(new GenericHookInput("g-1", "/p", "generic", "User: hi", null), in);
        assertEquals(new CaptureRequest(AgentId.DEFAULT, "generic", "g-1", "/p", null, "User: hi"),
                in.captureRequest(AgentId.DEFAULT));
    }

    @Test
    void pathInputKeepsTheGivenHarness() throws Exception {
        GenericHookInput in = GenericHookInput.parse(
                "{\"session_id\":\"g-2\",\"harness\":\" aider \",\"transcript_path\":\"/tmp/t.txt\"}");
        assertEquals("aider", in.harness());
        assertEquals(Path.of("/tmp/t.txt"), in.transcriptPath());
        assertNull(in.transcriptText());
    }

    @Test
    void bothTranscriptFieldsAreRefused() {
        HookInputException e = assertThrows(HookInputException.class, () -> GenericHookInput.parse(
                "{\"session_id\":\"g\",\"transcript_text\":\"x\",\"transcript_path\":\"/t\"}"));
        assertEquals("give transcript_text or transcript_path, not both", e.getMessage());
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        assertEquals("transcript_text must be a string, got a number", assertThrows(HookInputException.class,
                () -> GenericHookInput.parse("{\"session_id\":\"g\",\"transcript_text\":1}")).getMessage());
        assertEquals("harness must be at most 64 characters, got 65", assertThrows(HookInputException.class,
                () -> GenericHookInput.parse("{\"session_id\":\"g\",\"harness\":\"" + "h".repeat(65) + "\"}"))
                .getMessage());
        assertEquals("session_id is required", assertThrows(HookInputException.class,
                () -> GenericHookInput.parse("{\"session_id\":null}")).getMessage());
    }
}
