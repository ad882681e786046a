package io.memoryd.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.workspace.AgentId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent cap: least recently used agents are let go first, and never one that is in use. */
class ResidentAgentsTest {

    private final List<String> forgotten = new ArrayList<>();
    private final ResidentAgents agents = new ResidentAgents(2, forgotten::add);

    private static AgentId id(String s) {
        return new AgentId(s);
    }

    @Test
    void overTheCap_theLeastRecentlyUsedIdleAgentIsLetGo() {
        agents.lease(id("a")).close();
        agents.lease(id("b")).close();
        agents.lease(id("a")).close();

        agents.lease(id("c")).close();

        assertEquals(List.of("b"), forgotten);
        assertEquals(2, agents.size());
    }

    @Test
    void anAgentInUse_isNeverLetGo_andKeepsItsState() {
        ResidentAgents.Lease busy = agents.lease(id("busy"));
        for (int i = 0; i < 100; i++) {
            agents.lease(id("other-" + i)).close();
        }
        assertFalse(forgotten.contains("busy"), forgotten.toString());
        try (ResidentAgents.Lease again = agents.lease(id("busy"))) {
            assertSame(busy.memory(), again.memory());
        }
        busy.close();
        assertEquals(2, agents.size());
    }

    @Test
    void aLetGoAgentComesBackCold() {
        AgentMemory first;
        try (ResidentAgents.Lease l = agents.lease(id("a"))) {
            first = l.memory();
        }
        agents.lease(id("b")).close();
        agents.lease(id("c")).close();

        try (ResidentAgents.Lease l = agents.lease(id("a"))) {
            assertNotSame(first, l.memory());
        }
        assertTrue(forgotten.contains("a"));
    }

    @Test
    void whenEveryAgentIsInUse_theCapIsExceededUntilOneIsDone() {
        ResidentAgents.Lease a = agents.lease(id("a"));
        ResidentAgents.Lease b = agents.lease(id("b"));
        ResidentAgents.Lease c = agents.lease(id("c"));
        assertEquals(3, agents.size());

        b.close();

        assertEquals(List.of("b"), forgotten);
        assertEquals(2, agents.size());
        a.close();
        c.close();
    }

    @Test
    void aBackgroundLease_skipsAnAgentNotKept_andDoesNotMakeOneMoreRecent() {
        agents.lease(id("a")).close();
        agents.lease(id("b")).close();
        assertTrue(agents.leaseIfResident("nobody").isEmpty());

        agents.leaseIfResident("a").orElseThrow().close();
        agents.lease(id("c")).close();

        assertEquals(List.of("a"), forgotten);
    }
}
