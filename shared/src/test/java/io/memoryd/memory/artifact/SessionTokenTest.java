package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Session tokens (docs/format.md §2.3, §10 case 2), including all six worked examples as golden values. */
class SessionTokenTest {

    private static final Pattern TOKEN = Pattern.compile("^[a-z2-7]{16}$");

    @ParameterizedTest(name = "§2.3 worked example: ({0}, {1}) -> {2}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "default|sess-1|yruajzz2ynbltkjz",
        "default|  sess-1  |yruajzz2ynbltkjz",
        "alice|alice-s1|hg6aejccpg73ucys",
        "default|idem-test|lz2cxbccqvqz43et",
        "other-agent|sess-1|2d75h7m6nbpnowvp",
        " default|sess-1|brrbovxjhobw7q6v",
    })
    @DisplayName("§10 case 2 / §2.3: the six worked token examples")
    void matchesTheWorkedExamples(String agentId, String sessionId, String token) {
        assertEquals(token, SessionToken.of(agentId, sessionId));
    }

    @ParameterizedTest(name = "§2.3 worked example: SHA-256 of \"{0}\" begins {1}")
    @CsvSource(delimiter = '|', value = {
        "default:sess-1|c46804e73ac342b9a939",
        "alice:alice-s1|39bc02244279bfba0b12",
        "default:idem-test|5e742b844285619e6c93",
        "other-agent:sess-1|d0ffd3fd9e685ed75aaf",
    })
    @DisplayName("§2.3: the worked examples' seeds hash as the table says")
    void seedsHashAsTheTableSays(String seed, String prefix) {
        String hex = HexFormat.of().formatHex(SessionToken.sha256(seed.getBytes(StandardCharsets.UTF_8)));
        assertTrue(hex.startsWith(prefix), hex);
    }

    @Test
    @DisplayName("§10 case 2: (default, sess-1) is yruajzz2ynbltkjz and the same inputs give the same token")
    void isDeterministic() {
        assertEquals("yruajzz2ynbltkjz", SessionToken.of("default", "sess-1"));
        assertEquals(SessionToken.of("default", "sess-1"), SessionToken.of("default", "sess-1"));
    }

    @Test
    @DisplayName("§10 case 2: (agent-b, sess-1) gives a different token than (default, sess-1)")
    void differsBetweenAgents() {
        assertNotEquals(SessionToken.of("default", "sess-1"), SessionToken.of("agent-b", "sess-1"));
        assertEquals("fgfptdcp23x4vrja", SessionToken.of("agent-b", "sess-1"));
    }

    @Test
    @DisplayName("§10 case 2: every token matches ^[a-z2-7]{16}$")
    void everyTokenMatchesTheTokenPattern() {
        for (int i = 0; i < 500; i++) {
            String token = SessionToken.of("agent-" + (i % 7), "session \u00e9 " + i);
            assertTrue(TOKEN.matcher(token).matches(), token);
        }
    }

    @Test
    @DisplayName("§10 case 2: the session id is trimmed (JavaScript whitespace, E3), the agent id is not")
    void trimsTheSessionIdButNotTheAgentId() {
        String plain = SessionToken.of("default", "sess-1");
        assertEquals(plain, SessionToken.of("default", "\tsess-1\n"));
        assertEquals(plain, SessionToken.of("default", "\u00a0sess-1\u3000"));
        assertNotEquals(plain, SessionToken.of(" default", "sess-1"));
        assertNotEquals(plain, SessionToken.of("default ", "sess-1"));
    }

    @Test
    @DisplayName("§2.2: the token in a path is the first --<16 chars>-- match")
    void findsTheFirstTokenInAPath() {
        assertEquals(Optional.of("yruajzz2ynbltkjz"), SessionToken.findIn(
                "memory/2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.md"));
        assertEquals(Optional.of("aaaaaaaaaaaaaaaa"),
                SessionToken.findIn("x--aaaaaaaaaaaaaaaa--y--bbbbbbbbbbbbbbbb--summary.md"));
        assertEquals(Optional.empty(), SessionToken.findIn("memory/notes--summary.md"));
        assertEquals(Optional.empty(), SessionToken.findIn("memory/x--YRUAJZZ2YNBLTKJZ--summary.md"));
    }
}
