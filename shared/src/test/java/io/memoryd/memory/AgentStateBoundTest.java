package io.memoryd.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.index.ReindexResult;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.watch.WatchOptions;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever agent ids callers send, a process keeps per-agent state for at most its cap of agents, and an
 * agent it let go renders the same projection when it comes back (it starts cold, as after a restart).
 */
@Timeout(600)
class AgentStateBoundTest {

    private static final int CAP = 16;
    private static final int DISTINCT_AGENTS = 10_000;

    @TempDir
    Path root;

    private MemoryWorkspace open(MutableClock clock, int maxAgents) {
        return MemoryWorkspace.open(new WorkspaceOptions(root, clock, ZoneOffset.UTC, false,
                ArtifactFileReader.DEFAULT_MAX_BYTES, null, true, WatchOptions.watching(false), maxAgents));
    }

    @Test
    void tenThousandAgentIds_retainAtMostTheCap_andAnEvictedAgentRendersTheSameProjection() {
        MutableClock clock = MutableClock.at("2026-04-30T12:00:00.000Z");
        AgentId alice = new AgentId("alice");
        try (MemoryWorkspace ws = open(clock, CAP)) {
            for (int i = 0; i < 6; i++) {
                String at = "2026-04-2" + i + "T10:00:00.000Z";
                ws.writer().writeSummary(TestWorkspace.session("alice", "a" + i, "/home/u/proj", at,
                        "Worked on the renderer pool, step " + i + "."));
                ws.writer().writeSummary(TestWorkspace.session("default", "d" + i, "/home/u/proj", at,
                        "Worked on the watcher, step " + i + "."));
            }
            String before = ws.render(alice, TokenBudget.DEFAULT_MAX_TOKENS).content();
            ws.reindex(alice); // takes in the manifests the render's ref sync rewrote
            assertEquals(0, ws.reindex(alice).examined(), "alice is warm: her pass looks at no file");

            for (int i = 0; i < DISTINCT_AGENTS; i++) {
                ws.render(new AgentId("agent-" + i), TokenBudget.DEFAULT_MAX_TOKENS);
                if (i % 1000 == 999) {
                    assertBounded(ws.retainedAgentState(), "after " + (i + 1) + " agents");
                }
            }
            RetainedAgentState state = ws.retainedAgentState();
            assertBounded(state, "at the end");
            assertEquals(0, state.scopeLocks(), "no scope lock outlives its holder: " + state);

            ReindexResult cold = ws.reindex(alice);
            assertEquals(cold.listed(), cold.examined(), "alice was let go: her next pass is a full one");
            assertEquals(before, ws.render(alice, TokenBudget.DEFAULT_MAX_TOKENS).content());
            assertEquals(before, freshProcessRender(clock, alice), "and the same as a process that starts afresh");
        }
    }

    private String freshProcessRender(MutableClock clock, AgentId agent) {
        try (MemoryWorkspace ws = open(clock, CAP)) {
            return ws.render(agent, TokenBudget.DEFAULT_MAX_TOKENS).content();
        }
    }

    private static void assertBounded(RetainedAgentState s, String when) {
        assertTrue(s.agents() <= CAP, when + ": " + s);
        assertTrue(s.indexCaches() <= CAP, when + ": " + s);
        assertTrue(s.changeLogScopes() <= CAP, when + ": " + s);
    }
}
