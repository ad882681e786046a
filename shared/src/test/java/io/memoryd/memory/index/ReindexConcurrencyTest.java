package io.memoryd.memory.index;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 case 23: concurrent reindexes of one agent, of two agents, global with scoped. */
class ReindexConcurrencyTest {

    @TempDir
    Path root;

    @Test
    @Timeout(30)
    @DisplayName("§10 case 23: concurrent same-agent, cross-agent and global+scoped reindexes all complete")
    void concurrentReindexesAllCompleteAndIndexEverySession() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            for (int i = 0; i < 20; i++) {
                t.ws.writer().writeSummary(session("default", "d" + i, "/p", "2026-04-29T10:00:00.000Z", "d" + i));
                t.ws.writer().writeSummary(session("alice", "a" + i, "/p", "2026-04-29T10:00:00.000Z", "a" + i));
            }
            t.execute("DELETE FROM memory_artifacts");
            t.ws.resetProcessState();
            List<AgentId> scopes = new ArrayList<>(List.of(AgentId.DEFAULT, AgentId.DEFAULT, AgentId.DEFAULT,
                    new AgentId("alice"), AgentId.DEFAULT));
            scopes.add(null);
            ExecutorService pool = Executors.newFixedThreadPool(scopes.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ReindexResult>> results = new ArrayList<>();
            for (AgentId scope : scopes) {
                results.add(pool.submit(() -> {
                    start.await();
                    return t.ws.reindex(scope);
                }));
            }
            start.countDown();
            for (Future<ReindexResult> f : results) {
                f.get(20, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertEquals(40, t.count("SELECT count(*) FROM memory_artifacts WHERE agent_id = 'default'"));
            assertEquals(40, t.count("SELECT count(*) FROM memory_artifacts WHERE agent_id = 'alice'"));
        }
    }
}
