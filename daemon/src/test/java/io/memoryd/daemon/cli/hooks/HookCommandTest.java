package io.memoryd.daemon.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hook command's exact text, and reading the socket and agent back out of it. */
class HookCommandTest {

    private static final Path SOCKET = Path.of("/ws/.memoryd/run/hooks.sock");

    @Test
    void sessionStartCommand_forTheDefaultAgent_isExactlyThis() {
        assertEquals("[ \"${MEMORYD_BYPASS:-}\" = 1 ] || curl -q -sSf --max-time 5"
                + " --unix-socket '/ws/.memoryd/run/hooks.sock' -H 'Content-Type: application/json'"
                + " --data-binary @- http://memoryd/v1/hooks/claude-code/session-start || true",
                HookCommand.build(ClaudeHookEvent.SESSION_START, SOCKET, AgentId.DEFAULT));
    }

    @Test
    void sessionEndCommand_forAnAgent_sendsItsHeader_andWaitsLonger() {
        assertEquals("[ \"${MEMORYD_BYPASS:-}\" = 1 ] || curl -q -sSf --max-time 30"
                + " --unix-socket '/ws/.memoryd/run/hooks.sock' -H 'Content-Type: application/json'"
                + " -H 'X-Memoryd-Agent: a-1' --data-binary @- http://memoryd/v1/hooks/claude-code/session-end"
                + " || true", HookCommand.build(ClaudeHookEvent.SESSION_END, SOCKET, new AgentId("a-1")));
    }

    @Test
    void claudeCodesTimeout_isLongerThanCurlsOwn_soCurlGivesUpFirstAndTheHookExits0() {
        for (ClaudeHookEvent event : ClaudeHookEvent.values()) {
            assertTrue(event.timeoutSeconds() > event.curlMaxTimeSeconds(), event.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/run/hooks.sock", "/a b/it's/hooks.sock", "/q\"uote/$HOME/`x`/back\\slash/h.sock",
            "/''/'/h.sock", "/tab\there/new\nline/h.sock"})
    void parse_readsBackTheSocketAndAgentOfABuiltCommand_whateverThePath(String socket) {
        String command = HookCommand.build(ClaudeHookEvent.SESSION_END, Path.of(socket), new AgentId("x@y.z"));

        assertEquals(Optional.of(new HookCommand.Target("/v1/hooks/claude-code/session-end", Path.of(socket),
                "x@y.z")), HookCommand.parse(command));
    }

    @Test
    void parse_ofACommandWithoutTheHeader_isTheDefaultAgent() {
        String command = HookCommand.build(ClaudeHookEvent.SESSION_START, SOCKET, AgentId.DEFAULT);

        assertEquals("default", HookCommand.parse(command).orElseThrow().agent());
    }

    @Test
    void foreignCommands_areNotMemoryds_andUnreadableOnesParseToNothing() {
        assertFalse(HookCommand.isMemoryd("curl http://localhost:8080/hooks"));
        assertEquals(Optional.empty(), HookCommand.parse("curl http://localhost:8080/hooks"));
        assertTrue(HookCommand.isMemoryd("curl 'http://memoryd/v1/hooks/claude-code/x"));
        assertEquals(Optional.empty(), HookCommand.parse("curl 'http://memoryd/v1/hooks/claude-code/x"));
        assertEquals(Optional.empty(), HookCommand.parse("curl http://memoryd/v1/hooks/claude-code/x"));
    }

    @Test
    void shellWords_splitsWhatQuoteMade_intoTheOriginalWords() {
        List<String> words = List.of("plain", "a b", "it's", "''", "\"$x\"", "back\\slash", "");
        String line = String.join(" ", words.stream().map(ShellWords::quote).toList());

        assertEquals(words, ShellWords.split(line));
    }

    @Test
    void shellWords_understandsDoubleQuotesAndBackslashes_andRefusesUnclosedQuotes() {
        assertEquals(List.of("[", "${MEMORYD_BYPASS:-}", "=", "1", "]", "a\"b", "c d", "e\\f"),
                ShellWords.split("[ \"${MEMORYD_BYPASS:-}\" = 1 ] \"a\\\"b\" c\\ d 'e\\f'"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("'open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("end\\"));
    }
}
