package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.memoryd.memory.db.DatabaseException;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A render that fails on the workspace's storage is the workspace's failure, not the renderer's: its
 * typed status reaches the caller without a retry on another renderer or a fallback render (which would
 * meet the same fault), the renderer keeps its slot and serves the next render, and a fallback render
 * that meets a storage fault is typed the same way.
 */
@Timeout(20)
class StorageFaultDispatchTest {

    private static final Path DB = Path.of("/ws/memory/memories.db");

    final FakeRenderers renderers = new FakeRenderers();
    final AtomicInteger fallbackRenders = new AtomicInteger();
    final AtomicReference<RuntimeException> fallbackFailure = new AtomicReference<>();
    final FallbackRenderer fallback = new FallbackRenderer((agent, max) -> {
        fallbackRenders.incrementAndGet();
        if (fallbackFailure.get() != null) {
            throw fallbackFailure.get();
        }
        return new RenderResult(new Projection("# Working Memory Summary\n\nfallback for " + agent, 0, ""), 0, 0);
    }, 4);
    RendererPool pool;

    private void start(int size) {
        PoolConfig config = new PoolConfig(size, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMillis(1), Duration.ofMillis(5), 3, Duration.ofSeconds(60), Duration.ofSeconds(60), 64,
                new RecyclePolicy(Long.MAX_VALUE, 2.0, Duration.ofDays(365), Duration.ofSeconds(60), 0));
        pool = new RendererPool(config, renderers, renderers, fallback, Path.of("/fake/run"));
        pool.start().join();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        fallback.close();
    }

    private static DatabaseException locked() {
        return new DatabaseException(DB, "Indexing artifacts", new SQLException("database is locked", null, 5));
    }

    private SynthesisException synthesisFailure() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> pool.synthesize(new AgentId("alice"), 5000).get(10, TimeUnit.SECONDS));
        return (SynthesisException) e.getCause();
    }

    @Test
    void lockedDatabaseInARenderer_reachesTheCallerTyped_withoutRetryOrFallback() throws Exception {
        start(2);
        renderers.failure = locked();

        SynthesisException s = synthesisFailure();

        assertEquals(Status.Code.UNAVAILABLE, s.code());
        assertEquals("DATABASE_LOCKED", s.reason());
        assertTrue(s.getMessage().contains(DB.toString()) && s.getMessage().contains("database is locked"),
                s.getMessage());
        assertEquals(1, renderers.renders.size(), "rendered once, not retried on the other renderer");
        assertEquals(0, fallbackRenders.get());
        assertEquals(0, pool.status().getTotals().getRetries());

        renderers.failure = null;
        SynthesisResult next = pool.synthesize(new AgentId("alice"), 5000).get(10, TimeUnit.SECONDS);
        assertEquals(false, next.fallback());
        assertEquals(2, renderers.launched.size(), "no renderer was replaced");
    }

    @Test
    void corruptDatabaseInTheFallback_isDataLossNamingTheFile() {
        renderers.failEveryStart = true;
        start(1);
        fallbackFailure.set(new DatabaseException(DB, "Reading ledger rows",
                new SQLException("database disk image is malformed", null, 11)));

        SynthesisException s = synthesisFailure();

        assertEquals(Status.Code.DATA_LOSS, s.code());
        assertEquals("DATABASE_CORRUPT", s.reason());
        assertTrue(s.getMessage().contains(DB.toString()) && s.getMessage().contains("malformed"), s.getMessage());
    }
}
