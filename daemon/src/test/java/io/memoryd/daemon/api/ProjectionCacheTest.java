package io.memoryd.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.supervisor.SynthesisResult;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.workspace.AgentId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The projection cache serves a render's answer only while the database stamp, the memory/ watch generation
 * and the clock say nothing that shapes the projection changed, and never keeps a render during which they
 * moved.
 */
class ProjectionCacheTest {

    private static final AgentId AGENT = AgentId.DEFAULT;
    private static final long T0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

    /** Database stamp and watch generation the test moves by hand. */
    static final class Hand implements ProjectionCache.Sources {
        String stamp = "1:0";
        long generation = 7;

        @Override
        public String stamp() {
            return stamp;
        }

        @Override
        public long syncedGeneration() {
            return generation;
        }

        @Override
        public long generation() {
            return generation;
        }
    }

    final Hand hand = new Hand();
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    final ProjectionCache cache = new ProjectionCache(clock, hand, 3);

    private static SynthesisResult rendered(String text, long validUntil) {
        return new SynthesisResult(new Projection("# Working Memory Summary\n\n" + text, 1, ""), false, "r0-g1", 42,
                1, 2, 3, 0, false, validUntil, false);
    }

    /** A render through the cache: the ticket, then the answer offered back. */
    private void render(AgentId agent, int maxTokens, SynthesisResult result) {
        ProjectionCache.Ticket t = cache.before(agent, maxTokens);
        assertNull(t.hit(), "expected a render");
        cache.after(t, result);
    }

    @Test
    void anUnchangedWorkspace_isAnsweredFromTheCache_markedCachedWithoutRenderTimes() {
        render(AGENT, 5000, rendered("a", T0 + 60_000));

        SynthesisResult hit = cache.before(AGENT, 5000).hit();

        assertNotNull(hit);
        assertEquals("# Working Memory Summary\n\na", hit.projection().content());
        assertTrue(hit.cached());
        assertEquals(0, hit.renderMs());
        assertEquals(1, cache.hits());
    }

    @Test
    void aDatabaseCommit_aFileEvent_orAnotherBudget_needsARender() {
        render(AGENT, 5000, rendered("a", Long.MAX_VALUE));
        assertNull(cache.before(AGENT, 4000).hit(), "max_tokens shapes the answer");
        hand.stamp = "2:0";
        assertNull(cache.before(AGENT, 5000).hit(), "a commit");
        render(AGENT, 5000, rendered("b", Long.MAX_VALUE));
        hand.generation++;
        assertNull(cache.before(AGENT, 5000).hit(), "a file event");
    }

    @Test
    void theClockReachingValidUntil_needsARender() {
        render(AGENT, 5000, rendered("a", T0 + 1000));
        clock.set(Instant.ofEpochMilli(T0 + 999));
        assertNotNull(cache.before(AGENT, 5000).hit());
        clock.set(Instant.ofEpochMilli(T0 + 1000));
        assertNull(cache.before(AGENT, 5000).hit());
    }

    @Test
    void aRenderDuringWhichTheSourcesMoved_isNotKept() {
        ProjectionCache.Ticket t = cache.before(AGENT, 5000);
        hand.stamp = "2:0"; // the render indexed a change, or another process committed meanwhile
        cache.after(t, rendered("a", Long.MAX_VALUE));
        assertNull(cache.before(AGENT, 5000).hit());

        ProjectionCache.Ticket u = cache.before(AGENT, 5000);
        hand.generation++; // a file changed while it rendered
        cache.after(u, rendered("a", Long.MAX_VALUE));
        assertNull(cache.before(AGENT, 5000).hit());
    }

    @Test
    void withoutAWatcher_unknownValidity_orAFallbackAnswer_nothingIsKept() {
        hand.generation = -1;
        render(AGENT, 5000, rendered("a", Long.MAX_VALUE));
        assertNull(cache.before(AGENT, 5000).hit(), "no watcher");
        hand.generation = 7;
        render(AGENT, 5000, rendered("a", 0));
        assertNull(cache.before(AGENT, 5000).hit(), "valid_until unknown");
        render(AGENT, 5000, new SynthesisResult(new Projection("# Working Memory Summary", 0, ""), true, "fallback",
                1, 0, 0, 0, 0, false, Long.MAX_VALUE, false));
        assertNull(cache.before(AGENT, 5000).hit(), "fallback");
        assertEquals(0, cache.size());
    }

    @Test
    void theCacheIsBounded_theLeastRecentlyUsedGoesFirst() {
        for (int budget = 1000; budget <= 3000; budget += 1000) {
            render(AGENT, budget, rendered("b" + budget, Long.MAX_VALUE));
        }
        assertNotNull(cache.before(AGENT, 1000).hit()); // 1000 is now the most recently used
        render(AGENT, 4000, rendered("b4000", Long.MAX_VALUE));

        assertEquals(3, cache.size());
        assertTrue(cache.peek(AGENT, 2000).isEmpty());
        assertTrue(cache.peek(AGENT, 1000).isPresent());
    }
}
