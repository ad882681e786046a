package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool remembers which renderer served an agent for a bounded number of agents only. */
@Timeout(60)
class AffinityBoundTest {

    final FakeRenderers renderers = new FakeRenderers();
    final FallbackRenderer fallback = new FallbackRenderer((agent, max) -> new RenderResult(
            new Projection("# Working Memory Summary\n\nfallback for " + agent, 0, ""), 0, 0), 4);
    RendererPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        fallback.close();
    }

    @Test
    void twoThousandAgents_leaveAtMostMaxAgentsPerRendererRemembered() throws Exception {
        PoolConfig config = new PoolConfig(2, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMillis(1), Duration.ofMillis(5), 3, Duration.ofSeconds(60), Duration.ofSeconds(60), 64,
                new RecyclePolicy(Long.MAX_VALUE, 2.0, Duration.ofDays(365), Duration.ofSeconds(60), 0))
                .withMaxAgents(4);
        pool = new RendererPool(config, renderers, renderers, fallback, Path.of("/fake/run"));
        pool.start().join();

        for (int i = 0; i < 2000; i++) {
            SynthesisResult r = pool.synthesize(new AgentId("agent-" + i), 5000).get(10, TimeUnit.SECONDS);
            assertTrue(r.projection().content().contains("agent-" + i));
        }

        int remembered = pool.agentsWithAffinity();
        assertTrue(remembered >= 1 && remembered <= 2 * 4, "remembered " + remembered);
    }
}
