package io.memoryd.daemon.supervisor;

import io.grpc.Status;
import io.memoryd.memory.db.StorageFailure;
import io.memoryd.memory.db.StorageFault;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.RenderEngine;
import io.memoryd.process.status.StorageFaultStatus;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's in-process render, used when no renderer can serve. Bounded: one render at a time on its
 * own thread and a short queue; beyond it callers get RESOURCE_EXHAUSTED. It never runs on the threads
 * that serve health or other RPCs.
 */
public final class FallbackRenderer implements AutoCloseable {

    private final RenderEngine engine;
    private final long pid = ProcessHandle.current().pid();
    private final ThreadPoolExecutor executor;

    public FallbackRenderer(RenderEngine engine, int maxQueued) {
        this.engine = engine;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxQueued),
                r -> {
                    Thread t = new Thread(r, "memoryd-fallback-render");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Renders in process; fails with RESOURCE_EXHAUSTED when its queue is full and with INTERNAL
     * (RENDER_FAILED) when the render throws anything or comes back empty: never an empty success.
     */
    public CompletableFuture<SynthesisResult> render(AgentId agent, int maxTokens, int retries) {
        long queued = System.nanoTime();
        try {
            return CompletableFuture.supplyAsync(() -> {
                double waitMs = (System.nanoTime() - queued) / 1e6;
                RenderResult r;
                try {
                    r = engine.render(agent, maxTokens);
                } catch (Throwable e) {
                    // An Error too (a stack overflow, a missing class): the caller gets a typed failure.
                    Optional<StorageFailure> storage = StorageFailure.in(e);
                    if (storage.isPresent()) {
                        StorageFault fault = storage.get().fault();
                        throw new SynthesisException(StorageFaultStatus.codeOf(fault), fault.name(),
                                "fallback render of agent " + agent + " failed: " + storage.get().description(), e);
                    }
                    throw new SynthesisException(Status.Code.INTERNAL, "RENDER_FAILED",
                            "fallback render of agent " + agent + " failed: " + e, e);
                }
                if (r == null || r.projection() == null || r.projection().content() == null
                        || r.projection().content().isBlank()) {
                    throw new SynthesisException(Status.Code.INTERNAL, "RENDER_FAILED",
                            "fallback render of agent " + agent + " came back empty", null);
                }
                return new SynthesisResult(r.projection(), true, "fallback", pid, waitMs, r.reindexNanos() / 1e6,
                        r.totalNanos() / 1e6, retries, false);
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SynthesisException(Status.Code.RESOURCE_EXHAUSTED, "QUEUE_FULL",
                    "the in-process fallback queue is full; retry later", e));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
