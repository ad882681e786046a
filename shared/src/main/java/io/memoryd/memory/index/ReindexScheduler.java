package io.memoryd.memory.index;

import io.memoryd.memory.lock.ScopeLocks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Flight control for index passes (docs/format.md §4.3): one pass at a time per process, in call order,
 * whatever the scope; a request for a scope that already has a pass queued or running joins it. Each
 * pass holds its scope's cross-process lock, so two processes never index one scope at the same time.
 */
public final class ReindexScheduler implements AutoCloseable {

    private final ArtifactIndexer indexer;
    private final ScopeLocks locks;
    private final ExecutorService serial;
    private final ConcurrentMap<String, CompletableFuture<ReindexResult>> flights = new ConcurrentHashMap<>();

    public ReindexScheduler(ArtifactIndexer indexer, ScopeLocks locks) {
        this.indexer = indexer;
        this.locks = locks;
        this.serial = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "memoryd-reindex");
            t.setDaemon(true);
            return t;
        });
    }

    /** Requests a pass for a scope; joins the scope's pending pass when there is one. */
    public CompletableFuture<ReindexResult> request(String scope) {
        CompletableFuture<ReindexResult>[] created = new CompletableFuture[1];
        CompletableFuture<ReindexResult> flight = flights.computeIfAbsent(scope, key -> {
            CompletableFuture<ReindexResult> f = new CompletableFuture<>();
            created[0] = f;
            return f;
        });
        if (created[0] != null) {
            CompletableFuture<ReindexResult> mine = created[0];
            try {
                serial.execute(() -> {
                    ReindexResult result = null;
                    Throwable failure = null;
                    try {
                        result = locks.withLock(scope, () -> indexer.reindex(scope));
                    } catch (Throwable t) {
                        failure = t;
                    }
                    // Deregister before completing: a waiter that wakes and asks again must get a new pass,
                    // not this finished one.
                    flights.remove(scope, mine);
                    if (failure == null) {
                        mine.complete(result);
                    } else {
                        mine.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException rejected) {
                flights.remove(scope, mine);
                mine.completeExceptionally(rejected);
            }
        }
        return flight;
    }

    /** Requests a pass and waits for it, rethrowing its failure unwrapped. */
    public ReindexResult run(String scope) {
        try {
            return request(scope).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        serial.shutdown();
        try {
            if (!serial.awaitTermination(30, TimeUnit.SECONDS)) {
                serial.shutdownNow();
            }
        } catch (InterruptedException e) {
            serial.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
