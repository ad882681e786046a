package io.memoryd.memory.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent ids that could escape a directory are refused by name (bad input). */
class AgentIdTest {

    @TempDir
    Path root;

    @ParameterizedTest(name = "bad input: agent id \"{0}\" is refused")
    @ValueSource(strings = {"a/b", "/etc", "alice/", "..", "../etc", "a..b", "alice/../bob", "..hidden", "a\\b",
        "C:\\x", "", " ", " default", "default ", "a\nb", "-alice", ".alice"})
    @DisplayName("bad input: an agent id with /, \\, .., control characters or blank is refused, naming the id")
    void refusesUnsafeAgentIds(String id) {
        InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> new AgentId(id));
        assertTrue(e.getMessage().contains("\"" + id + "\""), e.getMessage());
        assertEquals(id, e.agentId());
    }

    @Test
    @DisplayName("bad input: a huge refused id is quoted cut to 64 characters with an ellipsis, the full id kept aside")
    void quotesAHugeRefusedIdCut() {
        String huge = "x/" + "y".repeat(1_000_000);
        InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> AgentId.parse(huge));
        assertTrue(e.getMessage().contains("\"" + huge.substring(0, 64) + "…\" (1000002 characters)"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "message length " + e.getMessage().length());
        assertEquals(huge, e.agentId());
    }

    @Test
    @DisplayName("bad input: a null agent id is refused")
    void refusesNullAgentId() {
        InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> new AgentId(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @ParameterizedTest(name = "agent id \"{0}\" is accepted")
    @ValueSource(strings = {"default", "alice", "other-agent", "agent_1", "a.b", "bot@host", "A1"})
    @DisplayName("ordinary agent ids are accepted verbatim")
    void acceptsOrdinaryAgentIds(String id) {
        assertEquals(id, new AgentId(id).value());
    }

    @Test
    @DisplayName("parse: null or blank means default; surrounding spaces are trimmed; a bad id still throws")
    void parsesCallerSuppliedIds() {
        assertEquals(AgentId.DEFAULT, AgentId.parse(null));
        assertEquals(AgentId.DEFAULT, AgentId.parse("  "));
        assertEquals(new AgentId("alice"), AgentId.parse(" alice "));
        InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> AgentId.parse("../etc"));
        assertTrue(e.getMessage().contains("../etc"), e.getMessage());
    }

    @Test
    @DisplayName("bad input: rendering an agent id with .. is refused before anything is written")
    void renderRefusesTraversalAgentId() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root.resolve("ws"))) {
            InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> t.render("../escape"));
            assertTrue(e.getMessage().contains("../escape"), e.getMessage());
        }
        try (var entries = Files.list(root)) {
            assertEquals(java.util.List.of(root.resolve("ws")), entries.toList());
        }
    }

    @Test
    @DisplayName("§1: MEMORY.md of default is at the root, of other agents under agents/<id>/")
    void placesMemoryMdPerAgent() {
        WorkspaceLayout layout = new WorkspaceLayout(root);
        assertEquals(root.resolve("MEMORY.md"), layout.memoryMdPath(AgentId.DEFAULT));
        assertEquals(root.resolve("agents/alice/MEMORY.md"), layout.memoryMdPath(new AgentId("alice")));
    }
}
